using System.Net;
using System.Net.Http.Headers;
using Grpc.Health.V1;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DataExchange.Api.SecurityTests.Portal;

/// <summary>The host serving a built portal: files, the SPA fallback for deep links, cache headers, and never for the hub's own paths.</summary>
public sealed class PortalServingTests(PortalFilesHub hub) : IClassFixture<PortalFilesHub>
{
    private HttpClient Browser() => hub.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [Theory]
    [InlineData("/")]
    [InlineData("/review")]
    [InlineData("/children/C000123")]
    [InlineData("/admin/grants?grantee=education")]
    public async Task ThePortalsIndexAnswersItsRootAndEveryDeepLinkAndIsNeverCached(string path)
    {
        using var response = await Browser().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(PortalFilesHub.IndexMarker, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(response.Headers.CacheControl?.NoCache, response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task AHashedBundleIsCachedForAYearAndCompressed()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/" + PortalFilesHub.Bundle);
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("br"));

        using var response = await Browser().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("public, max-age=31536000, immutable", response.Headers.CacheControl?.ToString());
        Assert.Contains("br", response.Content.Headers.ContentEncoding);
        Assert.True((await response.Content.ReadAsByteArrayAsync()).Length < 1000, "4 KB of x compresses to a few bytes");
    }

    [Fact]
    public async Task AnUnhashedFileIsRevalidated()
    {
        using var response = await Browser().GetAsync("/favicon.ico");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoCache);
    }

    [Theory]
    [InlineData("/main-AAAAAAAA.js")]
    [InlineData("/chunk-ZZZZ9999.js")]
    [InlineData("/media/font-ABCDEFGH.woff2")]
    [InlineData("/connect/unknown")]
    [InlineData("/connect")]
    [InlineData("/account/settings")]
    [InlineData("/dataexchange.v1.Reconciliation/ListConflicts")]
    [InlineData("/grpc.health.v1.Health/Check")]
    public async Task AMissingAssetOrAHubPathIsNeverAnsweredWithTheIndex(string path)
    {
        using var response = await Browser().GetAsync(path);

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(PortalFilesHub.IndexMarker, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task APostToADeepLinkIsNotTheIndex()
    {
        using var response = await Browser().PostAsync("/review", new StringContent("x"));

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(PortalFilesHub.IndexMarker, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheHubsOwnPagesAndGrpcStillAnswerBesideThePortal()
    {
        using var login = await Browser().GetAsync("/account/login");
        var health = await new Health.HealthClient(hub.Invoker()).CheckAsync(new HealthCheckRequest());

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Contains("<form", await login.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    [Fact]
    public async Task ThePortalsDefaultRedirectUriOnTheHostsOwnOriginIsAccepted()
    {
        var challenge = Infrastructure.SecurityHub.Base64Url(System.Security.Cryptography.SHA256.HashData("verifier-0123456789-0123456789-0123456789"u8.ToArray()));
        var authorize = "/connect/authorize?client_id=dx-portal&response_type=code&scope=openid&state=s"
            + $"&redirect_uri={Uri.EscapeDataString("http://localhost:5080/auth/callback")}&code_challenge={challenge}&code_challenge_method=S256";
        var foreign = authorize.Replace(Uri.EscapeDataString("http://localhost:5080/auth/callback"), Uri.EscapeDataString("http://evil.example/auth/callback"), StringComparison.Ordinal);

        using var accepted = await Browser().GetAsync(authorize);
        using var refused = await Browser().GetAsync(foreign);

        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.StartsWith("/account/login", accepted.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    [Theory]
    [InlineData("http://localhost:5080", true)]
    [InlineData("http://localhost:4200", true)]
    [InlineData("http://evil.example", false)]
    public async Task GrpcWebCorsAllowsThePortalsOriginsOnly(string origin, bool allowed)
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/dataexchange.v1.Dashboard/GetDashboard");
        preflight.Headers.Add("Origin", origin);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type,x-grpc-web,authorization");

        using var response = await Browser().SendAsync(preflight);

        Assert.Equal(allowed, response.Headers.TryGetValues("Access-Control-Allow-Origin", out var origins) && origins.Contains(origin));
    }
}

/// <summary>A host without a built portal says so at / rather than failing or serving nothing.</summary>
public sealed class UnbuiltPortalTests(UnbuiltPortalHub hub) : IClassFixture<UnbuiltPortalHub>
{
    [Fact]
    public async Task TheRootSaysThePortalIsNotBuilt()
    {
        using var response = await hub.CreateClient().GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("portal is not built", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
