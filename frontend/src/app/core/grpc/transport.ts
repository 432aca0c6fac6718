import { Code, ConnectError, Interceptor, Transport } from '@connectrpc/connect';
import { createGrpcWebTransport } from '@connectrpc/connect-web';

/** What each call needs from the session: a bearer token, a way to renew it, and the person's language. */
export interface CallContext {
  accessToken(): Promise<string | null>;
  renew(): Promise<unknown>;
  language(): string;
}

/** Adds the bearer token and accept-language; after Unauthenticated renews once and tries again. */
export function sessionInterceptor(context: CallContext): Interceptor {
  return (next) => async (request) => {
    const send = async () => {
      const token = await context.accessToken();
      if (token) {
        request.header.set('authorization', `Bearer ${token}`);
      }
      request.header.set('accept-language', context.language() === 'en' ? 'en' : 'zh-CN,zh;q=0.9');
      return next(request);
    };
    try {
      return await send();
    } catch (error) {
      if (ConnectError.from(error).code !== Code.Unauthenticated || request.stream) {
        throw error;
      }
      await context.renew();
      return send();
    }
  };
}

/** gRPC-Web to the hub on the portal's own origin (Grpc.AspNetCore.Web), binary protobuf. */
export function hubTransport(baseUrl: string, context: CallContext): Transport {
  return createGrpcWebTransport({
    baseUrl,
    useBinaryFormat: true,
    interceptors: [sessionInterceptor(context)],
    defaultTimeoutMs: 30_000,
  });
}
