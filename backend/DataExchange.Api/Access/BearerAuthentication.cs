using Microsoft.AspNetCore.Authentication;
using OpenIddict.Validation.AspNetCore;

namespace DataExchange.Api.Access;

/// <summary>
/// Validates a call's bearer access token with OpenIddict's validation handler. ASP.NET's authentication middleware
/// does not run for gRPC calls (HostPipeline), and OpenIddict's handler reads the token through a transaction that its
/// request step opens, which that middleware would have run for every scheme; so the step is run here, for this one
/// scheme, when the middleware did not (no IAuthenticationFeature), and only when a token is actually validated (a
/// token already validated is found in ValidatedTokens without this).
/// </summary>
public static class BearerAuthentication
{
    public const string Scheme = OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme;

    public static async Task<AuthenticateResult> AuthenticateAsync(HttpContext http)
    {
        if (http.Features.Get<IAuthenticationFeature>() is null)
        {
            var handlers = http.RequestServices.GetRequiredService<IAuthenticationHandlerProvider>();
            // The provider keeps one handler per scheme and request: AuthenticateAsync below runs on this same one.
            if (await handlers.GetHandlerAsync(http, Scheme) is IAuthenticationRequestHandler handler && await handler.HandleRequestAsync())
            {
                // The handler answered the request itself (it never does for a plain bearer token): nothing is authenticated.
                return AuthenticateResult.NoResult();
            }
        }

        return await http.AuthenticateAsync(Scheme);
    }
}
