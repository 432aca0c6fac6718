using DataExchange.Api.Access;
using DataExchange.Data.Audit;
using Microsoft.AspNetCore.Http.Features;

namespace DataExchange.Api.Auditing;

/// <summary>
/// The audit interceptor cannot see a call the gRPC framework refuses before any interceptor runs (a request
/// message it cannot read, an unknown method). This middleware writes the one entry for such a call after it
/// is answered, with the status from the reply; everything else was audited by the interceptor already. A call
/// with a valid access token is audited under its principal; one without is tallied per remote address
/// (<see cref="RefusalTally"/>), so a flood of garbage stays a few entries.
/// </summary>
public static class UnreadableCallAudit
{
    public const string AuditedMarker = "dx.audited";

    public static IApplicationBuilder UseAuditOfUnreadableCalls(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        await next(context);
        if (context.Items.ContainsKey(AuditedMarker)
            || context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) != true
            || RpcPolicies.IsAnonymous(context.Request.Path))
        {
            return;
        }

        var status = context.Features.Get<IHttpResponseTrailersFeature>()?.Trailers["grpc-status"].ToString() is { Length: > 0 } trailer
            ? trailer
            : context.Response.Headers["grpc-status"].ToString();
        var outcome = int.TryParse(status, out var code) ? ((global::Grpc.Core.StatusCode)code).ToString() : "Unknown";
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var caller = await CallerOfAsync(context);
            var draft = new AuditDraft
            {
                PrincipalKind = caller?.Kind ?? "anonymous",
                Principal = caller?.Id ?? "",
                Agency = caller is null ? "" : Domain.Agencies.AgencyCodes.ToCode(caller.Agency),
                Rpc = context.Request.Path.ToString() is { Length: <= 200 } path ? path : context.Request.Path.ToString()[..200],
                Outcome = outcome,
                Detail = "refused before the call was read (unreadable request or unknown method)",
            };
            if (caller is null)
            {
                await context.RequestServices.GetRequiredService<RefusalTally>().RecordAsync(draft, RemoteAddress.Of(context), timeout.Token);
            }
            else
            {
                await context.RequestServices.GetRequiredService<IAuditSink>().AppendAsync(draft, timeout.Token);
            }
        }
        catch (Exception exception)
        {
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(UnreadableCallAudit))
                .LogCritical(exception, "Audit entry for an unreadable call to {Path} could not be written", context.Request.Path);
        }
    });

    /// <summary>Whose token the call carried, if a valid one (it names the principal; it grants nothing here).</summary>
    private static async Task<CallerPrincipal?> CallerOfAsync(HttpContext context)
    {
        if (context.Request.Headers.Authorization.Count == 0)
        {
            return null;
        }

        var result = await BearerAuthentication.AuthenticateAsync(context);
        return result.Succeeded ? CallerPrincipal.From(result.Principal) : null;
    }
}
