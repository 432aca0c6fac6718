using System.Security.Claims;
using DataExchange.Data;
using DataExchange.Data.Entities;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace DataExchange.Api.Identity;

/// <summary>The OAuth 2.0 endpoints OpenIddict passes through: token (client credentials, code, refresh) and authorize (PKCE, people).</summary>
public static class AuthorizationEndpoints
{
    private const string Scheme = OpenIddictServerAspNetCoreDefaults.AuthenticationScheme;

    public static void MapDxAuthorization(this WebApplication app)
    {
        app.MapPost("/connect/token", TokenAsync);
        app.MapMethods("/connect/authorize", [HttpMethods.Get, HttpMethods.Post], AuthorizeAsync);
        app.MapMethods("/connect/logout", [HttpMethods.Get, HttpMethods.Post], LogoutAsync);
    }

    private static async Task<IResult> TokenAsync(
        HttpContext context, IDbContextFactory<ExchangeDbContext> contexts, UserManager<DxUser> users,
        IOpenIddictApplicationManager applications, IdentitySettings settings)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        if (request.IsClientCredentialsGrantType())
        {
            await using var db = await contexts.CreateDbContextAsync(context.RequestAborted);
            var binding = await db.AgencyClients.AsNoTracking().SingleOrDefaultAsync(client => client.ClientId == request.ClientId, context.RequestAborted);
            if (binding is null || binding.Disabled || await AgencyDisabledAsync(db, binding.Agency, context.RequestAborted))
            {
                return Refuse(Errors.UnauthorizedClient, "This client is not an enabled agency system.");
            }

            var scopes = request.GetScopes();
            if (scopes.IsDefaultOrEmpty)
            {
                // No scope asked for: everything the client is permitted (OpenIddict already checked any it did ask for).
                var application = await applications.FindByClientIdAsync(request.ClientId!, context.RequestAborted);
                var permissions = application is null ? [] : await applications.GetPermissionsAsync(application, context.RequestAborted);
                scopes = [.. permissions.Where(permission => permission.StartsWith(Permissions.Prefixes.Scope, StringComparison.Ordinal))
                    .Select(permission => permission[Permissions.Prefixes.Scope.Length..])];
            }

            return Results.SignIn(PrincipalFactory.ForClient(binding.ClientId, binding.Agency, scopes, settings.Audience), authenticationScheme: Scheme);
        }

        if (request.IsAuthorizationCodeGrantType() || request.IsRefreshTokenGrantType())
        {
            var result = await context.AuthenticateAsync(Scheme);
            var user = await users.FindByIdAsync(result.Principal?.GetClaim(Claims.Subject) ?? "");
            if (user is null || user.Disabled)
            {
                return Refuse(Errors.InvalidGrant, "The person is no longer allowed to sign in.");
            }

            await using var db = await contexts.CreateDbContextAsync(context.RequestAborted);
            if (await AgencyDisabledAsync(db, user.Agency, context.RequestAborted))
            {
                return Refuse(Errors.InvalidGrant, "The person's agency is disabled.");
            }

            // Roles are read again: a role removed since login is gone from the next token.
            var roles = await users.GetRolesAsync(user);
            return Results.SignIn(PrincipalFactory.ForUser(user, roles, result.Principal!.GetScopes(), settings.Audience), authenticationScheme: Scheme);
        }

        return Refuse(Errors.UnsupportedGrantType, "This grant type is not supported.");
    }

    private static async Task<IResult> AuthorizeAsync(
        HttpContext context, UserManager<DxUser> users, IDbContextFactory<ExchangeDbContext> contexts, IdentitySettings settings)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var login = await context.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        var user = login.Succeeded ? await users.GetUserAsync(login.Principal) : null;
        if (user is null || request.HasPromptValue(PromptValues.Login))
        {
            if (request.HasPromptValue(PromptValues.None))
            {
                return Results.Forbid(Properties(Errors.LoginRequired, "The person is not logged in."), [Scheme]);
            }

            var returnUrl = context.Request.PathBase + context.Request.Path + context.Request.QueryString;
            return Results.Challenge(new AuthenticationProperties { RedirectUri = returnUrl }, [IdentityConstants.ApplicationScheme]);
        }

        await using var db = await contexts.CreateDbContextAsync(context.RequestAborted);
        if (user.Disabled || await AgencyDisabledAsync(db, user.Agency, context.RequestAborted))
        {
            return Results.Forbid(Properties(Errors.AccessDenied, "The person is not allowed to sign in."), [Scheme]);
        }

        // The portal is the hub's own first-party client: consent is implicit (set on the application).
        var roles = await users.GetRolesAsync(user);
        return Results.SignIn(PrincipalFactory.ForUser(user, roles, request.GetScopes(), settings.Audience), authenticationScheme: Scheme);
    }

    private static async Task<IResult> LogoutAsync(HttpContext context, SignInManager<DxUser> signIn)
    {
        await signIn.SignOutAsync();
        return Results.SignOut(new AuthenticationProperties { RedirectUri = "/" }, [Scheme]);
    }

    private static async Task<bool> AgencyDisabledAsync(ExchangeDbContext db, string agency, CancellationToken cancellationToken) =>
        await db.Agencies.AsNoTracking().AnyAsync(entity => entity.Code == agency && entity.Disabled, cancellationToken);

    private static IResult Refuse(string error, string description) =>
        Results.Forbid(Properties(error, description), [Scheme]);

    private static AuthenticationProperties Properties(string error, string description) => new(new Dictionary<string, string?>
    {
        [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
        [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
    });
}
