using System.Globalization;
using System.Text;
using System.Threading.RateLimiting;
using DataExchange.Api.Auditing;
using DataExchange.Data.Audit;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Net.Http.Headers;
using GrpcStatus = Grpc.Core.StatusCode;

namespace DataExchange.Api.Access;

/// <summary>
/// Limits before authentication, with ASP.NET Core's rate limiter: every gRPC call per remote address, the token
/// endpoint per address and client credentials per client id and address (right or wrong secret: keyed by address
/// too, so that guessing from elsewhere cannot keep an agency system from its tokens), login form posts per address. A refused gRPC call
/// answers ResourceExhausted, a refused HTTP request 429 with Retry-After; either is tallied in the audit log.
/// </summary>
public static class EdgeRateLimiting
{
    public const string TokenPath = "/connect/token";
    public const string LoginPath = "/account/login";

    /// <summary>A token request is a few hundred bytes; its form is read before the per-client limit.</summary>
    private const long TokenRequestMaxBytes = 16 * 1024;

    private enum Edge { None, Grpc, Token, Login }

    public static IServiceCollection AddDxEdgeRateLimiting(this IServiceCollection services, RateLimitSettings settings) =>
        services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(ByAddress(settings), ByClient(settings));
            options.OnRejected = RejectAsync;
        });

    /// <summary>Before authentication: OpenIddict checks client secrets in the authentication middleware.</summary>
    public static IApplicationBuilder UseDxEdgeRateLimiting(this IApplicationBuilder app)
    {
        app.Use(async (http, next) =>
        {
            if (EdgeOf(http.Request) == Edge.Token && http.Request.HasFormContentType)
            {
                if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
                {
                    size.MaxRequestBodySize = TokenRequestMaxBytes;
                }

                try
                {
                    // Read once here so that the per-client partition can see client_id (OpenIddict reuses the form).
                    await http.Request.ReadFormAsync(http.RequestAborted);
                }
                catch (Exception exception) when (exception is InvalidDataException or BadHttpRequestException or IOException)
                {
                    http.Response.StatusCode = StatusCodes.Status400BadRequest;
                    return;
                }
            }

            await next(http);
        });
        return app.UseRateLimiter();
    }

    private static Edge EdgeOf(HttpRequest request)
    {
        if (request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true)
        {
            return Edge.Grpc;
        }

        if (!HttpMethods.IsPost(request.Method))
        {
            return Edge.None;
        }

        return request.Path.Equals(TokenPath, StringComparison.OrdinalIgnoreCase) ? Edge.Token
            : request.Path.Equals(LoginPath, StringComparison.OrdinalIgnoreCase) ? Edge.Login
            : Edge.None;
    }

    private static PartitionedRateLimiter<HttpContext> ByAddress(RateLimitSettings settings) =>
        PartitionedRateLimiter.Create<HttpContext, string>(http => EdgeOf(http.Request) switch
        {
            Edge.Grpc => Bucket("grpc " + RemoteAddress.Of(http), settings.PerAddress),
            Edge.Token => Bucket("token " + RemoteAddress.Of(http), settings.TokenPerAddress),
            Edge.Login => Bucket("login " + RemoteAddress.Of(http), settings.LoginPerAddress),
            _ => RateLimitPartition.GetNoLimiter(""),
        });

    private static PartitionedRateLimiter<HttpContext> ByClient(RateLimitSettings settings) =>
        PartitionedRateLimiter.Create<HttpContext, string>(http =>
            EdgeOf(http.Request) == Edge.Token && IsClientCredentials(http) && ClientIdOf(http) is { Length: > 0 } clientId
                ? Bucket($"client {RemoteAddress.Of(http)} {clientId}", settings.TokenPerClient)
                : RateLimitPartition.GetNoLimiter(""));

    private static RateLimitPartition<string> Bucket(string key, TokenBucket bucket) =>
        RateLimitPartition.GetTokenBucketLimiter(key, _ => bucket.Options());

    /// <summary>
    /// Only client credentials prove a secret: codes and refresh tokens cannot be guessed, and every person's login
    /// redeems its code as the one portal client, which a per-client limit would throttle for everyone at once.
    /// </summary>
    private static bool IsClientCredentials(HttpContext http) =>
        http.Request.HasFormContentType && http.Request.Form["grant_type"] == "client_credentials";

    /// <summary>The client id of a token request: the form's client_id, or the user name of HTTP Basic authentication.</summary>
    private static string? ClientIdOf(HttpContext http)
    {
        var id = http.Request.HasFormContentType && http.Request.Form["client_id"].ToString() is { Length: > 0 } form ? form : null;
        if (id is null && http.Request.Headers.Authorization.ToString() is { } header
            && header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
                id = Uri.UnescapeDataString(decoded.Split(':', 2)[0]);
            }
            catch (FormatException)
            {
                return null;
            }
        }

        return id is { Length: > 100 } ? id[..100] : id;
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var http = rejected.HttpContext;
        var edge = EdgeOf(http.Request);
        var grpc = edge == Edge.Grpc;
        http.Items[UnreadableCallAudit.AuditedMarker] = true;
        var path = http.Request.Path.ToString();
        var refusal = new AuditDraft
        {
            // The token was never looked at: the source is the remote address.
            PrincipalKind = "anonymous",
            Rpc = path.Length <= 200 ? path : path[..200],
            Outcome = grpc ? nameof(GrpcStatus.ResourceExhausted) : "TooManyRequests",
            Detail = edge == Edge.Token && ClientIdOf(http) is { } clientId ? "client_id " + clientId : "",
        };

        var audited = true;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await http.RequestServices.GetRequiredService<RefusalTally>().RecordAsync(refusal, RemoteAddress.Of(http), timeout.Token);
        }
        catch (Exception exception)
        {
            audited = false;
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(EdgeRateLimiting))
                .LogCritical(exception, "Audit entry for a rate-limited call to {Path} could not be written", path);
        }

        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        var response = http.Response;
        if (grpc)
        {
            // A trailers-only gRPC reply: the status travels in the headers, there is no message.
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = http.Request.ContentType;
            response.Headers["grpc-status"] = ((int)(audited ? GrpcStatus.ResourceExhausted : GrpcStatus.Unavailable))
                .ToString(CultureInfo.InvariantCulture);
            response.Headers["grpc-message"] = audited
                ? "Too many calls from this address; retry after " + seconds + " s."
                : "The audit log cannot be written; the call was refused.";
            return;
        }

        response.StatusCode = audited ? StatusCodes.Status429TooManyRequests : StatusCodes.Status503ServiceUnavailable;
        response.Headers[HeaderNames.RetryAfter] = seconds;
        if (edge == Edge.Token)
        {
            await response.WriteAsJsonAsync(new Dictionary<string, string>
            {
                ["error"] = "temporarily_unavailable",
                ["error_description"] = "Too many token requests from this address or for this client; retry after " + seconds + " s.",
            }, cancellationToken);
        }
        else
        {
            await response.WriteAsync("Too many attempts from this address; retry after " + seconds + " s.", cancellationToken);
        }
    }
}
