using System.Net;
using DataExchange.Api.SecurityTests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DataExchange.Api.SecurityTests.Edges;

/// <summary>
/// The portal origin sends nosniff, a Content-Security-Policy an Angular app served from the same origin lives
/// with (scripts and gRPC-Web only from this origin, no inline script), HSTS over TLS only, and a Secure
/// antiforgery cookie under TLS.
/// </summary>
public sealed class SecurityHeaderTests(SqliteSecurityHub hub) : IClassFixture<SqliteSecurityHub>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/account/login")]
    [InlineData("/no/such/page")]
    public async Task EveryHttpResponseCarriesNosniffAndTheContentSecurityPolicy(string path)
    {
        using var browser = hub.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var response = await browser.GetAsync(path);

        Assert.Equal("nosniff", Single(response, "X-Content-Type-Options"));
        var policy = Directives(Single(response, "Content-Security-Policy"));
        Assert.Equal("'self'", policy["default-src"]);
        Assert.Equal("'self'", policy["script-src"]); // No 'unsafe-inline', no 'unsafe-eval': the SPA ships script files only.
        Assert.Equal("'self'", policy["connect-src"]); // gRPC-Web to the same origin.
        Assert.Equal("'self' 'unsafe-inline'", policy["style-src"]); // Angular Material sets inline styles.
        Assert.Equal("'none'", policy["frame-ancestors"]);
        Assert.Equal("'none'", policy["object-src"]);
        // The login form ends at the portal's callback: the host's own origin and the configured development origin.
        var formTargets = policy["form-action"].Split(' ');
        Assert.Equal("'self'", formTargets[0]);
        Assert.Contains("http://localhost:4200", formTargets);
        Assert.All(formTargets.Skip(1), target => Assert.Matches(@"^https?://[a-z0-9.\-]+(:\d+)?$", target));
        Assert.False(response.Headers.Contains("Strict-Transport-Security"), "HSTS over plain HTTP");
    }

    [Fact]
    public async Task OverTlsTheHostSendsHstsAndASecureAntiforgeryCookie()
    {
        using var browser = hub.CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("https://hub.example/"), AllowAutoRedirect = false, HandleCookies = false,
        });
        using var response = await browser.GetAsync("/account/login");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("max-age=31536000", Single(response, "Strict-Transport-Security"));
        var antiforgery = Assert.Single(response.Headers.GetValues("Set-Cookie"), cookie => cookie.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
        Assert.Contains("; secure", antiforgery, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; httponly", antiforgery, StringComparison.OrdinalIgnoreCase);
    }

    private static string Single(HttpResponseMessage response, string name) =>
        Assert.Single(response.Headers.TryGetValues(name, out var values) ? values
            : response.Content.Headers.TryGetValues(name, out var content) ? content : []);

    private static Dictionary<string, string> Directives(string policy) => policy.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
        .Select(directive => directive.Split(' ', 2)).ToDictionary(parts => parts[0], parts => parts.Length > 1 ? parts[1] : "");
}
