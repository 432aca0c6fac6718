using System.Security.Claims;
using DataExchange.Api.Access.Caching;
using DataExchange.Api.Auditing;
using DataExchange.Api.Callers;
using DataExchange.Api.Identity;
using DataExchange.Domain.Agencies;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.AspNetCore.Authentication;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace DataExchange.Api.Access;

/// <summary>
/// Authentication and authorization for every rpc, in one place and before any service code runs: a bearer access
/// token (never a cookie) validated by OpenIddict, within its rate limit, allowed by <see cref="RpcPolicies"/>, still
/// enabled and still holding the role it needs (PrincipalStatus: a change counts on the next call), and within the rpc's
/// quota. Deny by default: no token is Unauthenticated, an unlisted rpc PermissionDenied.
/// </summary>
public sealed class AccessInterceptor(
    PrincipalStatus status, CallRateLimiter limiter, IdentitySettings settings, IHostEnvironment environment, ValidatedTokens validated) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        await AuthorizeAsync(context);
        return await continuation(request, context);
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthorizeAsync(context);
        return await continuation(requestStream, context);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthorizeAsync(context);
        await continuation(request, responseStream, context);
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthorizeAsync(context);
        await continuation(requestStream, responseStream, context);
    }

    /// <summary>Subjects of header principals; a token can never carry one (client ids cannot contain ':').</summary>
    private const string DevelopmentHeaderPrefix = "dev-header:";

    private async Task AuthorizeAsync(ServerCallContext context)
    {
        if (RpcPolicies.IsAnonymous(context.Method))
        {
            return;
        }

        var http = context.GetHttpContext();
        var audit = CallAudit.Of(context);
        var (principal, caller) = await AuthenticateAsync(http);
        if (caller is null)
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "A valid bearer access token is required."));
        }

        audit.Caller = caller;
        http.User = principal!;

        if (!limiter.TryAcquire(caller.Key))
        {
            audit.Throttled = true;
            throw new RpcException(new Status(StatusCode.ResourceExhausted, "Too many calls from this client; slow down and retry."));
        }

        var requirement = RpcPolicies.For(context.Method);
        if (requirement is null)
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, "No one may call this method."));
        }

        if (requirement.Refusal(caller) is { } refusal)
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, refusal));
        }

        if (!caller.Id.StartsWith(DevelopmentHeaderPrefix, StringComparison.Ordinal))
        {
            var state = await status.CheckAsync(caller, context.CancellationToken);
            if (state.Refusal is { } disabled)
            {
                throw new RpcException(new Status(StatusCode.Unauthenticated, disabled));
            }

            if (caller.IsUser)
            {
                // The token's roles as far as the person still has them: a role removed since login counts now.
                caller = caller with { Roles = caller.Roles.Where(state.Roles.Contains).ToHashSet(StringComparer.Ordinal) };
                audit.Caller = caller;
                if (requirement.Refusal(caller) is { } removed)
                {
                    throw new RpcException(new Status(StatusCode.PermissionDenied, removed));
                }
            }
        }

        if (limiter.QuotaRefusal(context.Method, caller.Key) is { } quota)
        {
            audit.Throttled = true;
            throw new RpcException(new Status(StatusCode.ResourceExhausted, quota));
        }
    }

    /// <summary>The call's principal and the caller it names; no caller when there is no valid token (or header).</summary>
    private async Task<(ClaimsPrincipal? Principal, CallerPrincipal? Caller)> AuthenticateAsync(HttpContext http)
    {
        if (http.Request.Headers.Authorization.Count > 0)
        {
            // A token validated before and not yet expired validates the same again (see ValidatedTokens).
            var authorization = http.Request.Headers.Authorization.ToString();
            if (validated.Find(authorization) is { } known)
            {
                return (known.Principal, known.Caller);
            }

            var result = await BearerAuthentication.AuthenticateAsync(http);
            validated.Remember(authorization, result);
            return result.Succeeded ? (result.Principal, CallerPrincipal.From(result.Principal)) : (null, null);
        }

        // Test-only opt-in, Development only, default off: the agency named in a header (see IdentitySettings).
        if (settings.AllowDevelopmentAgencyHeader && environment.IsDevelopment()
            && AgencyCodes.TryParse(http.Request.Headers[DevelopmentCallerContext.AgencyHeader].ToString(), out var agency))
        {
            var identity = new ClaimsIdentity("development-header", Claims.Name, Claims.Role);
            identity.SetClaim(Claims.Subject, DevelopmentHeaderPrefix + agency.ToCode())
                .SetClaim(DxIdentity.AgencyClaim, agency.ToCode())
                .SetClaim(DxIdentity.KindClaim, DxIdentity.ClientKind);
            identity.SetScopes(DxIdentity.Scopes.AgencyClient);
            var header = new ClaimsPrincipal(identity);
            return (header, CallerPrincipal.From(header));
        }

        return (null, null);
    }
}
