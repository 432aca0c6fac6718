import { Code, ConnectError } from '@connectrpc/connect';
import { sessionInterceptor } from './transport';

function request() {
  return { header: new Headers(), stream: false } as never;
}

describe('sessionInterceptor', () => {
  it('sends the bearer token and the language', async () => {
    const seen: Headers[] = [];
    const next = vi.fn(async (req: { header: Headers }) => (seen.push(new Headers(req.header)), { ok: true }));
    const call = sessionInterceptor({ accessToken: async () => 'T1', renew: async () => null, language: () => 'zh' })(next as never);
    await call(request());
    expect(seen[0].get('authorization')).toBe('Bearer T1');
    expect(seen[0].get('accept-language')).toContain('zh-CN');
  });

  it('renews once after Unauthenticated and retries with the new token', async () => {
    let token = 'old';
    const next = vi.fn(async (req: { header: Headers }) => {
      if (req.header.get('authorization') === 'Bearer old') {
        throw new ConnectError('expired', Code.Unauthenticated);
      }
      return { ok: true };
    });
    const renew = vi.fn(async () => (token = 'new'));
    const call = sessionInterceptor({ accessToken: async () => token, renew, language: () => 'en' })(next as never);
    await expect(call(request())).resolves.toEqual({ ok: true });
    expect(renew).toHaveBeenCalledTimes(1);
    expect(next).toHaveBeenCalledTimes(2);
  });

  it('passes other errors through without renewing', async () => {
    const renew = vi.fn();
    const next = async () => { throw new ConnectError('no', Code.PermissionDenied); };
    const call = sessionInterceptor({ accessToken: async () => 't', renew, language: () => 'zh' })(next as never);
    await expect(call(request())).rejects.toThrow('no');
    expect(renew).not.toHaveBeenCalled();
  });
});
