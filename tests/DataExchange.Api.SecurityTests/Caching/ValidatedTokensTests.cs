using System.Security.Claims;
using DataExchange.Api.Access.Caching;
using Microsoft.AspNetCore.Authentication;

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

        Assert.Same(result.Principal, tokens.Find("Bearer a"));
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
}
