using DataExchange.Api.Access;
using DataExchange.Data.Audit;
using Google.Protobuf;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Options;

namespace DataExchange.Api.Auditing;

/// <summary>
/// The outermost interceptor: every call, allowed or refused, writes exactly one audit entry before its reply
/// leaves. If the entry cannot be written the call fails closed: Unavailable, and the reply is dropped.
/// Health checks are not audited (anonymous probes, no data). Refusals before a caller is known and rate-limit refusals
/// are tallied per source and window instead of one entry each (<see cref="RefusalTally"/>).
/// </summary>
public sealed class AuditInterceptor(
    IAuditSink sink, RefusalTally refusals, IOptions<GrpcServiceOptions> grpc, ILogger<AuditInterceptor> logger)
    : Interceptor
{
    private static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(10);
    private readonly int? maxSendBytes = grpc.Value.MaxSendMessageSize;

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        if (RpcPolicies.IsAnonymous(context.Method))
        {
            return await continuation(request, context);
        }

        TResponse response;
        try
        {
            response = await continuation(request, context);
        }
        catch (Exception exception)
        {
            await WriteAsync(context, Outcome(exception));
            throw;
        }

        var outcome = RefuseIfTooLarge(response, context);
        await WriteAsync(context, outcome);
        if (outcome != StatusCode.OK)
        {
            throw new RpcException(new Status(outcome,
                "The reply is larger than the hub sends in one message; ask for less (a smaller page, filter or batch)."));
        }

        return response;
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        TResponse response;
        try
        {
            response = await continuation(requestStream, context);
        }
        catch (Exception exception)
        {
            await WriteAsync(context, Outcome(exception));
            throw;
        }

        var outcome = RefuseIfTooLarge(response, context);
        await WriteAsync(context, outcome);
        if (outcome != StatusCode.OK)
        {
            throw new RpcException(new Status(outcome,
                "The reply is larger than the hub sends in one message; ask for less (a smaller page, filter or batch)."));
        }

        return response;
    }

    // Streaming replies leave as they are written; the entry is written when the call ends (no streaming rpc
    // of ours discloses records yet: the only ones are reflection's, in Development).
    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        if (RpcPolicies.IsAnonymous(context.Method))
        {
            await continuation(request, responseStream, context);
            return;
        }

        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception exception)
        {
            await WriteAsync(context, Outcome(exception));
            throw;
        }

        await WriteAsync(context, StatusCode.OK);
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        catch (Exception exception)
        {
            await WriteAsync(context, Outcome(exception));
            throw;
        }

        await WriteAsync(context, StatusCode.OK);
    }

    /// <summary>
    /// OK, or, for a reply larger than the send limit (which gRPC would refuse after this entry is written), a
    /// ResourceExhausted that is both the entry's outcome and what the caller receives: the entry never says OK
    /// for a reply that did not arrive.
    /// </summary>
    private StatusCode RefuseIfTooLarge<TResponse>(TResponse response, ServerCallContext context)
    {
        if (maxSendBytes is not { } limit || response is not IMessage message)
        {
            return StatusCode.OK;
        }

        var size = message.CalculateSize();
        if (size <= limit)
        {
            return StatusCode.OK;
        }

        var audit = CallAudit.Of(context);
        audit.Detail = $"reply of {size} bytes not sent (limit {limit}); {audit.Detail}";
        return StatusCode.ResourceExhausted;
    }

    private static StatusCode Outcome(Exception exception) => exception switch
    {
        RpcException rpc => rpc.StatusCode,
        OperationCanceledException => StatusCode.Cancelled,
        _ => StatusCode.Internal,
    };

    private async Task WriteAsync(ServerCallContext context, StatusCode outcome)
    {
        var audit = CallAudit.Of(context);
        context.GetHttpContext().Items[UnreadableCallAudit.AuditedMarker] = true;
        var caller = audit.Caller;
        var draft = new AuditDraft
        {
            PrincipalKind = caller?.Kind ?? "anonymous",
            Principal = caller?.Id ?? "",
            Agency = caller is null ? "" : Domain.Agencies.AgencyCodes.ToCode(caller.Agency),
            Rpc = Truncate(context.Method, 200),
            Purpose = audit.Purpose,
            PurposeReference = Truncate(audit.PurposeReference, 200),
            Grants = string.Join(',', audit.Grants.Distinct()),
            Children = string.Join(',', audit.Children.Distinct()),
            FieldGroups = string.Join(',', audit.FieldGroups),
            Outcome = outcome.ToString(),
            Detail = Truncate(audit.Detail, 500),
        };

        try
        {
            // Not the call's token: a caller that hangs up must not escape its entry.
            using var timeout = new CancellationTokenSource(WriteTimeout);
            if (caller is null && outcome != StatusCode.OK)
            {
                // Refused before anyone was identified: tallied per remote address, so a flood stays a few entries.
                await refusals.RecordAsync(draft, RemoteAddress.Of(context.GetHttpContext()), timeout.Token);
            }
            else if (audit.Throttled)
            {
                await refusals.RecordAsync(draft, "", timeout.Token);
            }
            else
            {
                await sink.AppendAsync(draft, timeout.Token);
            }
        }
        catch (Exception exception)
        {
            logger.LogCritical(exception, "Audit entry for {Method} could not be written; the call fails closed", context.Method);
            throw new RpcException(new Status(StatusCode.Unavailable, "The audit log cannot be written; the call was refused."));
        }
    }

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];
}
