using System.Security.Claims;
using DataExchange.Api.Access;
using DataExchange.Api.Access.Caching;
using DataExchange.Api.Identity;
using Microsoft.AspNetCore.Authentication;
using OpenIddict.Abstractions;

namespace DataExchange.Api.SecurityTests.Caching;

/// <summary>A validated access token is taken as valid again only until its own expiry; a refused one is never kept.</summary>
public sealed class ValidatedTokensTests
{
    private readonly ManualClock clock = new();

    private AuthenticateResult Valid(TimeSpan lifetime) => AuthenticateResult.Success(new AuthenticationTicket(
        new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", "system-education")], "test")),
        new AuthenticationProperties { ExpiresUtc = clock.GetUtcNow() + lifetime }, "test"));

    [Fact]
    public void AValidatedTokenIsKnownUntilItExpires()
    {
        var tokens = new ValidatedTokens(clock);
        var result = Valid(TimeSpan.FromMinutes(15));
        tokens.Remember("Bearer a", result);

        Assert.Same(result.Principal, tokens.Find("Bearer a")?.Principal);
        Assert.Null(tokens.Find("Bearer b"));
        clock.Advance(TimeSpan.FromMinutes(15));
        Assert.Null(tokens.Find("Bearer a"));
    }

    [Fact]
    public void ARefusedOrExpiredTokenIsNeverKept()
    {
        var tokens = new ValidatedTokens(clock);
        tokens.Remember("Bearer refused", AuthenticateResult.Fail("bad signature"));
        tokens.Remember("Bearer expired", Valid(TimeSpan.FromSeconds(-1)));
        tokens.Remember("Bearer none", AuthenticateResult.NoResult());

        Assert.Null(tokens.Find("Bearer refused"));
        Assert.Null(tokens.Find("Bearer expired"));
        Assert.Null(tokens.Find("Bearer none"));
    }

    [Fact]
    public void TheCallerTheTokenNamesIsKeptWithItAsItsClaimsSayIt()
    {
        var identity = new ClaimsIdentity("test", OpenIddictConstants.Claims.Name, OpenIddictConstants.Claims.Role);
        identity.SetClaim(OpenIddictConstants.Claims.Subject, "system-education")
            .SetClaim(DxIdentity.AgencyClaim, "education")
            .SetClaim(DxIdentity.KindClaim, DxIdentity.ClientKind);
        identity.SetScopes(DxIdentity.Scopes.AgencyClient);
        var principal = new ClaimsPrincipal(identity);
        var tokens = new ValidatedTokens(clock);
        tokens.Remember("Bearer c", AuthenticateResult.Success(new AuthenticationTicket(
            principal, new AuthenticationProperties { ExpiresUtc = clock.GetUtcNow() + TimeSpan.FromMinutes(15) }, "test")));

        var known = tokens.Find("Bearer c");

        Assert.NotNull(known);
        var fresh = CallerPrincipal.From(principal)!;
        Assert.Equal((fresh.Kind, fresh.Id, fresh.Agency), (known.Caller!.Kind, known.Caller.Id, known.Caller.Agency));
        Assert.Equal(fresh.Scopes.Order(), known.Caller.Scopes.Order());
        // A token whose claims name no caller is kept as such: the interceptor refuses it on every call.
        tokens.Remember("Bearer a", Valid(TimeSpan.FromMinutes(15)));
        Assert.Null(tokens.Find("Bearer a")!.Caller);
    }
}
