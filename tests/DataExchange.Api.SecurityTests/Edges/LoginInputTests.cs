using System.Net;
using System.Text.RegularExpressions;
using DataExchange.Api.SecurityTests.Infrastructure;
using DataExchange.Contracts.V1;
using Microsoft.AspNetCore.Mvc.Testing;
using Agency = DataExchange.Domain.Agencies.Agency;

namespace DataExchange.Api.SecurityTests.Edges;

/// <summary>
/// The login and authorization endpoints answer hostile query and form values with a page, a 400 or a redirect to
/// a safe default, never a 500: a returnUrl with a control character once made the redirect header throw.
/// </summary>
public sealed class LoginInputTests(SqliteSecurityHub hub) : IClassFixture<SqliteSecurityHub>
{
    private const string Email = "login-edge@edge.test";

    public static TheoryData<string> HostileReturnUrls() =>
    [
        "/\u0001", "/connect/authorize\u0000", "/a\nb", "/x\r\nSet-Cookie: stolen=1", "/\t/evil.example", "//evil.example",
        "/\\evil.example", "https://evil.example/", "/\u007f", "/caf\u00e9", " /leading-space", new string('/', 1) + new string('a', 5000),
    ];

    [Theory]
    [MemberData(nameof(HostileReturnUrls))]
    public async Task AHostileReturnUrlIsReplacedByTheSafeDefaultOnThePageAndAfterLogin(string returnUrl)
    {
        await World.OnceAsync(hub, "login-edge-user", () => World.CreateUserAsync(hub, Email, Agency.Health, Role.Auditor));
        using var browser = hub.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

        using var page = await browser.GetAsync("/account/login?returnUrl=" + Uri.EscapeDataString(returnUrl));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal("/", HiddenValue(html, "returnUrl"));

        using var login = await browser.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [HiddenName(html)] = HiddenValue(html, HiddenName(html)),
            ["returnUrl"] = returnUrl,
            ["email"] = Email,
            ["password"] = World.PersonPassword,
        }));
        if (returnUrl.Contains('\0'))
        {
            // A NUL makes the whole form unreadable (the framework refuses it): a clean 400, nothing followed.
            Assert.Equal(HttpStatusCode.BadRequest, login.StatusCode);
            Assert.Equal("The request could not be read.", await login.Content.ReadAsStringAsync());
            return;
        }

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal("/", login.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task ALocalReturnUrlIsStillFollowed()
    {
        await World.OnceAsync(hub, "login-edge-user", () => World.CreateUserAsync(hub, Email, Agency.Health, Role.Auditor));
        using var browser = hub.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        const string returnUrl = "/connect/authorize?client_id=dx-portal&scope=openid%20audit.read";
        var html = await browser.GetStringAsync("/account/login?returnUrl=" + Uri.EscapeDataString(returnUrl));
        Assert.Equal(returnUrl, HiddenValue(html, "returnUrl"));

        using var login = await browser.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [HiddenName(html)] = HiddenValue(html, HiddenName(html)),
            ["returnUrl"] = returnUrl,
            ["email"] = Email,
            ["password"] = World.PersonPassword,
        }));
        Assert.Equal(returnUrl, login.Headers.Location!.OriginalString);
    }

    public static TheoryData<string> HostileValues() => ["\u0000", "a\r\nb", "\u0001\u001f\u007f", "\u202e", new string('x', 20_000)];

    [Theory]
    [MemberData(nameof(HostileValues))]
    public async Task EveryOtherLoginAndAuthorizeInputAnswersWithoutA500(string value)
    {
        using var browser = hub.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var escaped = Uri.EscapeDataString(value);
        var html = await browser.GetStringAsync("/account/login");
        using var login = await browser.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [HiddenName(html)] = HiddenValue(html, HiddenName(html)),
            ["returnUrl"] = "/",
            ["email"] = value,
            ["password"] = value,
        }));
        // The login page again ("wrong e-mail or password"), or a clean 400 for a form the framework cannot read (NUL).
        Assert.Equal(value.Contains('\0') ? HttpStatusCode.BadRequest : HttpStatusCode.OK, login.StatusCode);

        var challenge = SecurityHub.Base64Url(new byte[32]);
        foreach (var url in new[]
        {
            SecurityHub.AuthorizeUrl("openid", challenge, "S256").Replace("state=s1", "state=" + escaped),
            SecurityHub.AuthorizeUrl("openid " + value, challenge, "S256"),
            SecurityHub.AuthorizeUrl("openid", challenge, "S256") + "&prompt=" + escaped,
            SecurityHub.AuthorizeUrl("openid", challenge, "S256").Replace("client_id=dx-portal", "client_id=" + escaped),
            SecurityHub.AuthorizeUrl("openid", challenge, "S256").Replace("redirect_uri=", "redirect_uri=" + escaped),
            "/connect/logout?post_logout_redirect_uri=" + escaped,
            "/account/login?returnUrl=" + escaped,
        })
        {
            using var response = await browser.GetAsync(url);
            Assert.True((int)response.StatusCode < 500, $"{url[..Math.Min(url.Length, 120)]} answered {(int)response.StatusCode}");
        }
    }

    private static string HiddenName(string html) => Regex.Match(html, "name=\"(__RequestVerificationToken)\"").Groups[1].Value;

    private static string HiddenValue(string html, string name) =>
        WebUtility.HtmlDecode(Regex.Match(html, $"name=\"{Regex.Escape(name)}\" value=\"([^\"]*)\"").Groups[1].Value);
}
