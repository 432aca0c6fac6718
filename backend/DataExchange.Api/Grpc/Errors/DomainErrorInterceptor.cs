using DataExchange.Domain.Errors;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace DataExchange.Api.Grpc.Errors;

/// <summary>
/// The one place where domain failures become status codes. Unexpected exceptions become Internal with
/// a bare message: stack traces and exception text never leave the host (detailed errors are Development-only).
/// </summary>
public sealed class DomainErrorInterceptor(ILogger<DomainErrorInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception exception) when (Map(exception, context) is { } mapped)
        {
            throw mapped;
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context);
        }
        catch (Exception exception) when (Map(exception, context) is { } mapped)
        {
            throw mapped;
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception exception) when (Map(exception, context) is { } mapped)
        {
            throw mapped;
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        catch (Exception exception) when (Map(exception, context) is { } mapped)
        {
            throw mapped;
        }
    }

    private static bool IsBounded(RpcException rpc) =>
        rpc.Status.Detail == RpcErrors.Safe(rpc.Status.Detail, RpcErrors.MaxMessageBytes)
        && rpc.Trailers.All(entry => entry.IsBinary
            ? entry.ValueBytes.Length <= RpcErrors.MaxDetailsBytes
            : entry.Value.Length <= RpcErrors.MaxMessageBytes);

    private static RpcException Bound(RpcException rpc)
    {
        var trailers = new Metadata();
        foreach (var entry in rpc.Trailers.Where(entry => entry.IsBinary
                     ? entry.ValueBytes.Length <= RpcErrors.MaxDetailsBytes
                     : entry.Value.Length <= RpcErrors.MaxMessageBytes))
        {
            trailers.Add(entry);
        }

        return new RpcException(new Status(rpc.StatusCode, RpcErrors.Safe(rpc.Status.Detail, RpcErrors.MaxMessageBytes)), trailers);
    }

    private RpcException? Map(Exception exception, ServerCallContext context)
    {
        switch (exception)
        {
            case RpcException rpc when IsBounded(rpc):
                return null;
            case RpcException rpc:
                // Thrown by a service with a message of its own: bounded like every other, details kept when they fit.
                return Bound(rpc);
            case ValidationException validation:
                return RpcErrors.InvalidArgument(validation.Violations, validation.Message);
            case NotFoundException:
                return RpcErrors.Status(StatusCode.NotFound, exception.Message);
            case ConflictException:
                return RpcErrors.Status(StatusCode.FailedPrecondition, exception.Message);
            case OperationCanceledException when context.CancellationToken.IsCancellationRequested:
                return new RpcException(new Status(StatusCode.Cancelled, "The call was cancelled or its deadline passed."));
            case var unreachable when Data.Providers.DatabaseFailures.IsUnavailable(unreachable):
                // The database is down or restarting: the caller may retry (nothing half-done was committed).
                logger.LogWarning("{Method}: the database cannot be reached ({Reason})", context.Method, unreachable.Message);
                return new RpcException(new Status(StatusCode.Unavailable, "The hub's database cannot be reached just now; try again shortly."));
            case Google.Protobuf.InvalidProtocolBufferException:
                return new RpcException(new Status(StatusCode.InvalidArgument, "The request could not be read."));
            default:
                logger.LogError(exception, "Unhandled failure in {Method}", context.Method);
                return new RpcException(new Status(StatusCode.Internal, "The hub failed to process the call; it has been logged."));
        }
    }
}
