using System.Net;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Net.Http.Headers;

namespace DataExchange.Api.Identity;

/// <summary>
/// The hub's login page as people see it, in the portal's language: Simplified Chinese unless English is asked for by
/// the <c>lang</c> query parameter (or form field), then OpenID Connect's <c>ui_locales</c> on the authorization request
/// the portal sent (the login's returnUrl), then the <c>dx-lang</c> cookie that remembers a choice, then the browser's
/// accept-language. Only rendering lives here; the login logic is LoginEndpoints'.
/// </summary>
public static class LoginPage
{
    public const string LanguageCookie = "dx-lang";
    public const string Chinese = "zh";
    public const string English = "en";

    private static readonly Dictionary<string, Dictionary<string, string>> Texts = new()
    {
        [Chinese] = new()
        {
            ["title"] = "登录 · 未成年人数据交换平台", ["heading"] = "未成年人数据交换平台", ["email"] = "电子邮箱", ["password"] = "密码",
            ["submit"] = "登录", ["other"] = "English", ["otherLang"] = English,
        },
        [English] = new()
        {
            ["title"] = "Sign in · Children's Data Exchange", ["heading"] = "Children's Data Exchange", ["email"] = "E-mail", ["password"] = "Password",
            ["submit"] = "Log in", ["other"] = "简体中文", ["otherLang"] = Chinese,
        },
    };

    // The endpoints' messages are written in English; their Chinese here, by the English text (unknown ones stay English).
    private static readonly Dictionary<string, string> ChineseErrors = new(StringComparer.Ordinal)
    {
        ["Wrong e-mail or password."] = "电子邮箱或密码错误。",
    };

    // The sign-in throttle's message carries its wait in seconds (see LoginEndpoints).
    private static readonly System.Text.RegularExpressions.Regex Throttled = new(
        @"^Too many failed attempts for this e-mail address from here: try again in (\d+) s\.$");

    private static string InChinese(string error) =>
        Throttled.Match(error) is { Success: true } wait
            ? $"此电子邮箱在本机的失败尝试过多，请 {wait.Groups[1].Value} 秒后再试。"
            : ChineseErrors.GetValueOrDefault(error, error);

    /// <summary>The language of this request: query or form <c>lang</c>, then the cookie, then accept-language; Chinese by default.</summary>
    public static string LanguageOf(HttpRequest request)
    {
        var asked = request.Query["lang"].ToString();
        if (asked.Length == 0 && request.HasFormContentType && request.Form.TryGetValue("lang", out var posted))
        {
            asked = posted.ToString();
        }

        if ((Known(asked) ?? UiLocale(request.Query["returnUrl"].ToString()) ?? Known(request.Cookies[LanguageCookie])) is { } chosen)
        {
            return chosen;
        }

        var preferred = request.GetTypedHeaders().AcceptLanguage.OrderByDescending(value => value.Quality ?? 1).FirstOrDefault();
        return preferred?.Value.Value?.StartsWith(English, StringComparison.OrdinalIgnoreCase) == true ? English : Chinese;
    }

    public static IResult Render(HttpContext context, IAntiforgery antiforgery, string? returnUrl, string? error)
    {
        var language = LanguageOf(context.Request);
        if (Known(context.Request.Query["lang"].ToString()) is { } asked)
        {
            // Remembered for the form post and the next visit; the portal's own switch passes lang again anyway.
            context.Response.Cookies.Append(LanguageCookie, asked, new CookieOptions
            {
                HttpOnly = true, SameSite = Microsoft.AspNetCore.Http.SameSiteMode.Lax, Secure = context.Request.IsHttps, MaxAge = TimeSpan.FromDays(365), Path = "/account",
            });
        }

        var text = Texts[language];
        var tokens = antiforgery.GetAndStoreTokens(context);
        var back = returnUrl ?? "/";
        var otherHref = $"/account/login?lang={text["otherLang"]}&returnUrl={Uri.EscapeDataString(back)}";
        var message = error is null ? null : language == Chinese ? InChinese(error) : error;
        var html = $"""
            <!doctype html>
            <html lang="{(language == Chinese ? "zh-Hans" : "en")}"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1"><title>{E(text["title"])}</title></head>
            <body>
            <main>
            <h1>{E(text["heading"])}</h1>
            <p><a href="{E(otherHref)}" lang="{text["otherLang"]}" hreflang="{text["otherLang"]}">{E(text["other"])}</a></p>
            {(message is null ? "" : $"<p role=\"alert\">{E(message)}</p>")}
            <form method="post" action="/account/login">
              <input type="hidden" name="{tokens.FormFieldName}" value="{E(tokens.RequestToken ?? "")}">
              <input type="hidden" name="returnUrl" value="{E(back)}">
              <input type="hidden" name="lang" value="{language}">
              <p><label for="email">{E(text["email"])}</label>
              <input id="email" name="email" type="email" autocomplete="username" required autofocus></p>
              <p><label for="password">{E(text["password"])}</label>
              <input id="password" name="password" type="password" autocomplete="current-password" required></p>
              <button type="submit">{E(text["submit"])}</button>
            </form>
            </main>
            </body></html>
            """;
        context.Response.Headers[HeaderNames.ContentLanguage] = language == Chinese ? "zh-Hans" : "en";
        context.Response.Headers[HeaderNames.Vary] = "Accept-Language, Cookie";
        return Results.Content(html, "text/html; charset=utf-8");
    }

    /// <summary>
    /// OpenID Connect's <c>ui_locales</c> (or <c>lang</c>) on the authorization request the login returns to: the portal
    /// states its language there, and the first known one of the list counts.
    /// </summary>
    private static string? UiLocale(string returnUrl)
    {
        var query = returnUrl.IndexOf('?', StringComparison.Ordinal) is var at and >= 0 ? returnUrl[at..] : "";
        var parsed = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query);
        var locales = parsed.TryGetValue("ui_locales", out var ui) ? ui.ToString() : parsed.TryGetValue("lang", out var lang) ? lang.ToString() : "";
        return locales.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Known).FirstOrDefault(known => known is not null);
    }

    private static string? Known(string? language) =>
        language?.Trim().ToLowerInvariant() switch
        {
            "zh" or "zh-cn" or "zh-hans" => Chinese,
            "en" or "en-us" or "en-gb" => English,
            _ => null,
        };

    private static string E(string value) => WebUtility.HtmlEncode(value);
}
