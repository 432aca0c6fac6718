using System.Net;
using System.Security.Claims;
using System.Text;
using DataExchange.Api.SecurityTests.Infrastructure;
using DataExchange.Contracts.V1;
using DataExchange.Domain.Agencies;
using Grpc.Core;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using Agency = DataExchange.Domain.Agencies.Agency;

namespace DataExchange.Api.SecurityTests;

/// <summary>Only a genuine, current access token for this API is accepted; the authorization server allows only the flows it should.</summary>
public sealed class TokenTests(SqliteSecurityHub hub) : IClassFixture<SqliteSecurityHub>
{
    private async Task<StatusCode> VerifyWithAsync(string token)
    {
        var client = new RecordExchange.RecordExchangeClient(hub.Invoker(token));
        try
        {
            await client.VerifyIdentityAsync(new VerifyIdentityRequest { IdNumber = "110105201503070017" });
            return StatusCode.OK;
        }
        catch (RpcException exception)
        {
            return exception.StatusCode;
        }
    }

    /// <summary>A token with the real token's claims, re-signed with the server's own key, with one thing changed.</summary>
    private string Forge(Action<SecurityTokenDescriptor> change)
    {
        var real = new JsonWebToken(hub.ClientToken(Agency.Education));
        var credentials = hub.Services.GetRequiredService<IOptionsMonitor<OpenIddictServerOptions>>().CurrentValue.SigningCredentials.First();
        var now = DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = real.Issuer,
            Audience = real.Audiences.Single(),
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(10),
            TokenType = "at+jwt",
            SigningCredentials = credentials,
            Subject = new ClaimsIdentity(real.Claims.Where(claim => claim.Type is "sub" or "dx_agency" or "dx_kind" or "scope" or "client_id")),
        };
        change(descriptor);
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    [Fact]
    public async Task AGenuineClientTokenIsAccepted() =>
        Assert.Equal(StatusCode.OK, await VerifyWithAsync(hub.ClientToken(Agency.Education)));

    [Fact]
    public async Task AForgedTokenIdenticalToAGenuineOneIsAcceptedSoTheRefusalsBelowAreAboutTheirOneDifference() =>
        Assert.Equal(StatusCode.OK, await VerifyWithAsync(Forge(_ => { })));

    [Fact]
    public async Task AnExpiredTokenIsRefused() => Assert.Equal(StatusCode.Unauthenticated, await VerifyWithAsync(Forge(descriptor =>
    {
        descriptor.IssuedAt = descriptor.NotBefore = DateTime.UtcNow.AddHours(-2);
        descriptor.Expires = DateTime.UtcNow.AddHours(-1);
    })));

    [Fact]
    public async Task ATokenForAnotherAudienceIsRefused() =>
        Assert.Equal(StatusCode.Unauthenticated, await VerifyWithAsync(Forge(descriptor => descriptor.Audience = "some-other-api")));

    [Fact]
    public async Task ATokenFromAnotherIssuerIsRefused() =>
        Assert.Equal(StatusCode.Unauthenticated, await VerifyWithAsync(Forge(descriptor => descriptor.Issuer = "https://evil.example/")));

    [Fact]
    public async Task ATokenWithATamperedPayloadIsRefused()
    {
        var parts = hub.ClientToken(Agency.Education).Split('.');
        var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1])).Replace("\"education\"", "\"public_security\"", StringComparison.Ordinal);
        Assert.Contains("public_security", payload);
        var tampered = $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";

        Assert.Equal(StatusCode.Unauthenticated, await VerifyWithAsync(tampered));
    }

    [Fact]
    public async Task ATokenSignedByAnotherKeyIsRefused()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var token = Forge(descriptor => descriptor.SigningCredentials = new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = "attacker" }, SecurityAlgorithms.RsaSha256));
        Assert.Equal(StatusCode.Unauthenticated, await VerifyWithAsync(token));
    }

    [Fact]
    public async Task AnUnsignedAlgNoneTokenIsRefused()
    {
        var parts = hub.ClientToken(Agency.Education).Split('.');
        var header = Base64UrlEncoder.Encode("{\"alg\":\"none\",\"typ\":\"at+jwt\"}");
        Assert.Equal(StatusCode.Unauthenticated, await VerifyWithAsync($"{header}.{parts[1]}."));
    }

    [Fact]
    public async Task AnIdTokenUsedAsAnAccessTokenIsRefused()
    {
        var tokens = await hub.LogInAsync(SecurityHub.AdminEmail, SecurityHub.AdminPassword, "openid admin");
        var admin = new AccessAdmin.AccessAdminClient(hub.Invoker(tokens.GetProperty("access_token").GetString()));
        Assert.NotEmpty((await admin.ListAgenciesAsync(new ListAgenciesRequest())).Agencies);

        var withIdToken = new AccessAdmin.AccessAdminClient(hub.Invoker(tokens.GetProperty("id_token").GetString()));
        var error = await Assert.ThrowsAsync<RpcException>(() => withIdToken.ListAgenciesAsync(new ListAgenciesRequest()).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    [Fact]
    public async Task PkceWithThePlainMethodIsRefused()
    {
        using var browser = hub.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var response = await browser.GetAsync(SecurityHub.AuthorizeUrl("openid admin", "a-plain-challenge-that-is-long-enough-0123456789", "plain"));

        var location = response.Headers.Location?.OriginalString ?? "";
        Assert.DoesNotContain("/account/login", location);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest || location.Contains("error=invalid_request"), $"{response.StatusCode} {location}");
    }

    [Fact]
    public async Task AnAuthorizationRequestWithoutPkceIsRefused()
    {
        using var browser = hub.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var response = await browser.GetAsync(
            $"/connect/authorize?client_id=dx-portal&response_type=code&redirect_uri={Uri.EscapeDataString(SecurityHub.PortalRedirect)}&scope=openid&state=s");

        var location = response.Headers.Location?.OriginalString ?? "";
        Assert.DoesNotContain("/account/login", location);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest || location.Contains("error=invalid_request"), $"{response.StatusCode} {location}");
    }

    [Fact]
    public async Task ARedirectUriThatIsNotRegisteredExactlyIsRefused()
    {
        using var browser = hub.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var url = SecurityHub.AuthorizeUrl("openid", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", "S256")
            .Replace(Uri.EscapeDataString(SecurityHub.PortalRedirect), Uri.EscapeDataString(SecurityHub.PortalRedirect + "/x"), StringComparison.Ordinal);

        using var response = await browser.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("token")]
    [InlineData("id_token token")]
    public async Task TheImplicitFlowIsRefused(string responseType)
    {
        using var browser = hub.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var url = SecurityHub.AuthorizeUrl("openid", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", "S256")
            .Replace("response_type=code", "response_type=" + Uri.EscapeDataString(responseType), StringComparison.Ordinal);

        using var response = await browser.GetAsync(url);

        var location = response.Headers.Location?.OriginalString ?? "";
        Assert.DoesNotContain("access_token=", location);
        Assert.DoesNotContain("/account/login", location);
    }

    [Fact]
    public async Task ThePasswordGrantIsRefused()
    {
        var error = await Assert.ThrowsAsync<TokenRefusedException>(() => hub.RequestTokenAsync(new()
        {
            ["grant_type"] = "password",
            ["client_id"] = "dx-portal",
            ["username"] = SecurityHub.AdminEmail,
            ["password"] = SecurityHub.AdminPassword,
        }));
        Assert.Equal("unsupported_grant_type", error.Error);
    }

    [Fact]
    public async Task AWrongClientSecretGetsNoToken()
    {
        var error = await Assert.ThrowsAsync<TokenRefusedException>(() => hub.RequestTokenAsync(new()
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = SecurityHub.ClientIdOf(Agency.Health),
            ["client_secret"] = "wrong-secret-wrong-secret",
        }));
        Assert.Equal("invalid_client", error.Error);
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("audit.read")]
    [InlineData("reconcile")]
    public async Task AnAgencyClientCannotObtainAPeopleOnlyScope(string scope)
    {
        var error = await Assert.ThrowsAsync<TokenRefusedException>(() => hub.RequestTokenAsync(new()
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = SecurityHub.ClientIdOf(Agency.CivilAffairs),
            ["client_secret"] = SecurityHub.SecretOf(Agency.CivilAffairs),
            ["scope"] = scope,
        }));
        // OpenIddict answers invalid_request for a scope the client has no permission for.
        Assert.Contains("not allowed to use the specified scope", error.Message);
    }

    [Fact]
    public async Task ARefreshTokenWorksOnceAndIsThenRotated()
    {
        var tokens = await hub.LogInAsync(SecurityHub.AdminEmail, SecurityHub.AdminPassword, "openid offline_access admin");
        var refresh = tokens.GetProperty("refresh_token").GetString()!;
        var form = new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["client_id"] = "dx-portal", ["refresh_token"] = refresh };

        var renewed = await hub.RequestTokenAsync(form);
        Assert.NotEqual(refresh, renewed.GetProperty("refresh_token").GetString());

        var error = await Assert.ThrowsAsync<TokenRefusedException>(() => hub.RequestTokenAsync(form));
        Assert.Equal("invalid_grant", error.Error);
    }

    [Fact]
    public void EveryClientTokenNamesItsAgencyAndNeverAPeopleScope()
    {
        foreach (var agency in AgencyCodes.All)
        {
            var token = new JsonWebToken(hub.ClientToken(agency));
            Assert.Equal(agency.ToCode(), token.GetClaim("dx_agency").Value);
            Assert.Equal("records.write children.read", token.GetClaim("scope").Value);
        }
    }
}
