using System.Net;
using System.Text.RegularExpressions;
using DataExchange.Api.SecurityTests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DataExchange.Api.SecurityTests.Portal;

/// <summary>The hub's login page speaks the portal's language: Simplified Chinese by default, English when asked.</summary>
public sealed class LoginPageTests(SqliteSecurityHub hub) : IClassFixture<SqliteSecurityHub>
{
    private HttpClient Browser(bool cookies = false) =>
        hub.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = cookies });

    [Fact]
    public async Task ThePageIsInSimplifiedChineseByDefault()
    {
        var page = await Browser().GetStringAsync("/account/login");

        Assert.Contains("<html lang=\"zh-Hans\"", page, StringComparison.Ordinal);
        Assert.Contains(">登录</button>", page, StringComparison.Ordinal);
        Assert.Contains(">English</a>", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/account/login?lang=en", null)]
    [InlineData("/account/login", "en-GB,en;q=0.9,zh;q=0.5")]
    [InlineData("/account/login?ReturnUrl=%2Fconnect%2Fauthorize%3Fclient_id%3Ddx-portal%26ui_locales%3Den", null)]
    public async Task EnglishIsOneClickOrOneHeaderAway(string path, string? acceptLanguage)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (acceptLanguage is not null)
        {
            request.Headers.Add("Accept-Language", acceptLanguage);
        }

        using var response = await Browser().SendAsync(request);
        var page = await response.Content.ReadAsStringAsync();

        Assert.Contains("<html lang=\"en\"", page, StringComparison.Ordinal);
        Assert.Contains(">Log in</button>", page, StringComparison.Ordinal);
        Assert.Contains(">简体中文</a>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AChineseBrowserGetsChineseAndTheChoiceIsRemembered()
    {
        using var chinese = new HttpRequestMessage(HttpMethod.Get, "/account/login");
        chinese.Headers.Add("Accept-Language", "zh-CN,zh;q=0.9,en;q=0.8");
        var browser = Browser(cookies: true);
        Assert.Contains("lang=\"zh-Hans\"", await (await browser.SendAsync(chinese)).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await browser.GetStringAsync("/account/login?lang=en");
        var remembered = await browser.GetStringAsync("/account/login");

        Assert.Contains("<html lang=\"en\"", remembered, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWrongPasswordIsExplainedInThePagesLanguage()
    {
        var browser = Browser(cookies: true);
        var page = await browser.GetStringAsync("/account/login");
        var token = Regex.Match(page, "name=\"(__RequestVerificationToken)\" value=\"([^\"]+)\"");

        using var response = await browser.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [token.Groups[1].Value] = WebUtility.HtmlDecode(token.Groups[2].Value),
            ["returnUrl"] = "/",
            ["lang"] = "zh",
            ["email"] = SecurityHub.AdminEmail,
            ["password"] = "Not-The-Password-1!",
        }));
        var answer = await response.Content.ReadAsStringAsync();

        Assert.Contains("电子邮箱或密码错误", answer, StringComparison.Ordinal);
        Assert.Contains("role=\"alert\"", answer, StringComparison.Ordinal);
    }
}
