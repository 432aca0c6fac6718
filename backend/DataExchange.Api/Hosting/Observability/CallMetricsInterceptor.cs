using System.Diagnostics;
using DataExchange.Data.Observability;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace DataExchange.Api.Hosting.Observability;

/// <summary>
/// The outermost interceptor: counts every gRPC call by rpc and status and times it, the audit entry included.
/// Calls refused before any interceptor runs (an unreadable message, an unknown method) are counted by ASP.NET Core's
/// own request metrics, not here.
/// </summary>
public sealed class CallMetricsInterceptor(HubMetrics metrics) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await continuation(request, context);
            metrics.CallAnswered(context.Method, StatusCode.OK.ToString(), Stopwatch.GetElapsedTime(started));
            return response;
        }
        catch (Exception exception)
        {
            metrics.CallAnswered(context.Method, StatusOf(exception), Stopwatch.GetElapsedTime(started));
            throw;
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await continuation(requestStream, context);
            metrics.CallAnswered(context.Method, StatusCode.OK.ToString(), Stopwatch.GetElapsedTime(started));
            return response;
        }
        catch (Exception exception)
        {
            metrics.CallAnswered(context.Method, StatusOf(exception), Stopwatch.GetElapsedTime(started));
            throw;
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await continuation(request, responseStream, context);
            metrics.CallAnswered(context.Method, StatusCode.OK.ToString(), Stopwatch.GetElapsedTime(started));
        }
        catch (Exception exception)
        {
            metrics.CallAnswered(context.Method, StatusOf(exception), Stopwatch.GetElapsedTime(started));
            throw;
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await continuation(requestStream, responseStream, context);
            metrics.CallAnswered(context.Method, StatusCode.OK.ToString(), Stopwatch.GetElapsedTime(started));
        }
        catch (Exception exception)
        {
            metrics.CallAnswered(context.Method, StatusOf(exception), Stopwatch.GetElapsedTime(started));
            throw;
        }
    }

    private static string StatusOf(Exception exception) => exception switch
    {
        RpcException rpc => rpc.StatusCode.ToString(),
        OperationCanceledException => nameof(StatusCode.Cancelled),
        _ => nameof(StatusCode.Internal),
    };
}
