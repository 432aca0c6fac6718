using DataExchange.Data;
using DataExchange.Data.Entities;
using Microsoft.AspNetCore.Identity;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace DataExchange.Api.Identity;

/// <summary>ASP.NET Core Identity for people, and OpenIddict as the OAuth 2.0 / OpenID Connect server and token validation.</summary>
public static class IdentitySetup
{
    public static WebApplicationBuilder AddDxIdentity(this WebApplicationBuilder builder, IdentitySettings settings)
    {
        builder.Services.AddSingleton(settings);
        builder.Services.AddAntiforgery(options =>
        {
            // Production decision: like the login cookie, Secure always outside Development, and under TLS in it.
            options.Cookie.SecurePolicy = builder.Environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            options.Cookie.SameSite = SameSiteMode.Strict;
        });
        builder.Services.AddIdentity<DxUser, IdentityRole>(options =>
            {
                // Production decision: password policy for people (12+ characters, all classes). No lockout: anyone could
                // trigger one against a known address; wrong passwords are throttled per account and address instead
                // (SignInThrottle), and stopping a person is DisableUser.
                options.Password.RequiredLength = 12;
                options.Password.RequireDigit = true;
                options.Password.RequireLowercase = true;
                options.Password.RequireUppercase = true;
                options.Password.RequireNonAlphanumeric = true;
                options.Lockout.AllowedForNewUsers = false;
                options.User.RequireUniqueEmail = true;
                options.ClaimsIdentity.UserNameClaimType = Claims.Name;
                options.ClaimsIdentity.UserIdClaimType = Claims.Subject;
                options.ClaimsIdentity.RoleClaimType = Claims.Role;
            })
            .AddEntityFrameworkStores<ExchangeDbContext>()
            .AddDefaultTokenProviders();

        builder.Services.ConfigureApplicationCookie(options =>
        {
            // The login cookie only serves the authorization endpoint; gRPC calls never accept it (bearer tokens only).
            options.LoginPath = "/account/login";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = builder.Environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            options.ExpireTimeSpan = TimeSpan.FromMinutes(30);
        });

        var openIddict = builder.Services.AddOpenIddict()
            .AddCore(options => options.UseEntityFrameworkCore().UseDbContext<ExchangeDbContext>());

        if (string.IsNullOrWhiteSpace(settings.Authority))
        {
            var (signing, encryption) = SigningKeys.Load(settings, builder.Environment);
            openIddict.AddServer(options =>
            {
                if (settings.Issuer is { Length: > 0 } issuer)
                {
                    options.SetIssuer(new Uri(issuer, UriKind.Absolute));
                }

                options.SetTokenEndpointUris("connect/token")
                    .SetAuthorizationEndpointUris("connect/authorize")
                    .SetEndSessionEndpointUris("connect/logout");

                // Production decision: only these flows. No implicit, no password grant, no device flow.
                options.AllowClientCredentialsFlow()
                    .AllowAuthorizationCodeFlow()
                    .AllowRefreshTokenFlow();

                // Production decision: PKCE for every authorization code request, S256 only (plain is refused).
                options.RequireProofKeyForCodeExchange();
                options.Configure(server => server.CodeChallengeMethods.Remove(CodeChallengeMethods.Plain));

                options.RegisterScopes([Scopes.OpenId, Scopes.OfflineAccess, .. DxIdentity.Scopes.All]);

                // Production decision: short-lived access tokens and codes; refresh tokens rotate on every use (OpenIddict's default).
                options.SetAccessTokenLifetime(TimeSpan.FromMinutes(settings.AccessTokenMinutes))
                    .SetAuthorizationCodeLifetime(TimeSpan.FromMinutes(2))
                    .SetRefreshTokenLifetime(TimeSpan.FromHours(8))
                    // Production decision: no reuse leeway: a refresh token works exactly once (a replay is refused).
                    .SetRefreshTokenReuseLeeway(TimeSpan.Zero);

                options.AddSigningCertificate(signing).AddEncryptionCertificate(encryption);

                // Production decision: access tokens are signed JWTs, not encrypted, so a resource server running
                // on its own host validates them from the published keys; they carry no personal data.
                options.DisableAccessTokenEncryption();

                var aspNetCore = options.UseAspNetCore()
                    .EnableTokenEndpointPassthrough()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough();
                if (builder.Environment.IsDevelopment())
                {
                    // Development only: plain HTTP on localhost; production terminates TLS in front of the host.
                    aspNetCore.DisableTransportSecurityRequirement();
                }
            });

            openIddict.AddValidation(options =>
            {
                options.UseLocalServer();
                options.AddAudiences(settings.Audience);
                options.UseAspNetCore();
            });
        }
        else
        {
            // Resource server only: the authorization server runs elsewhere; its keys come from its discovery document.
            openIddict.AddValidation(options =>
            {
                options.SetIssuer(new Uri(settings.Authority, UriKind.Absolute));
                options.AddAudiences(settings.Audience);
                options.UseSystemNetHttp();
                options.UseAspNetCore();
            });
        }

        return builder;
    }
}
