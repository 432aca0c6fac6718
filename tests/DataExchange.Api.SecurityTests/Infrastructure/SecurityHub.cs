using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using DataExchange.Data;
using DataExchange.Data.Providers;
using DataExchange.Domain.Agencies;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Agency = DataExchange.Domain.Agencies.Agency;

namespace DataExchange.Api.SecurityTests.Infrastructure;

/// <summary>
/// The real host on a private database with its own authorization server. Agency systems get tokens with
/// client credentials; people get them through the portal's authorization code flow with PKCE, logging in on
/// the host's login page like a browser would.
/// </summary>
public class SecurityHub(DatabaseProvider provider) : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string PortalRedirect = "http://localhost:4200/callback";
    public const string AdminEmail = "admin@security.test";
    public const string AdminPassword = "Admin-Password-2026!";

    private readonly ConcurrentDictionary<string, string> tokens = new();
    private readonly List<GrpcChannel> channels = [];

    public SecurityDatabase Database { get; } = new(provider);

    /// <summary>Extra service replacements (e.g. a failing audit store); set before the host starts.</summary>
    public Action<IServiceCollection>? ConfigureServicesWith { get; init; }

    /// <summary>Calls a client may burst (the tests normally never hit the limit).</summary>
    public int Burst { get; init; } = 100_000;

    /// <summary>Further configuration (e.g. tighter limits for the test that proves them); applied last.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Database:Provider", Database.Options.Provider.ToString());
        builder.UseSetting("Database:ConnectionString", Database.Options.ConnectionString);
        builder.UseSetting("Identity:KeysFolder", Database.KeysFolder);
        builder.UseSetting("Identity:Portal:RedirectUris:0", PortalRedirect);
        builder.UseSetting("Identity:Portal:Origin", "http://localhost:4200");
        builder.UseSetting("Identity:Administrator:Email", AdminEmail);
        builder.UseSetting("Identity:Administrator:Password", AdminPassword);
        builder.UseSetting("RateLimits:CallsPerSecond", Burst >= 100_000 ? "100000" : "1");
        builder.UseSetting("RateLimits:Burst", Burst.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var index = 0;
        foreach (var agency in AgencyCodes.All)
        {
            builder.UseSetting($"Identity:AgencyClients:{index}:ClientId", ClientIdOf(agency));
            builder.UseSetting($"Identity:AgencyClients:{index}:Agency", agency.ToCode());
            builder.UseSetting($"Identity:AgencyClients:{index}:Secret", SecretOf(agency));
            index++;
        }

        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        if (ConfigureServicesWith is { } configure)
        {
            builder.ConfigureServices(configure);
        }
    }

    public static string ClientIdOf(Agency agency) => "system-" + agency.ToCode();

    public static string SecretOf(Agency agency) => "security-test-secret-" + agency.ToCode();

    /// <summary>A fresh channel to the in-memory host, carrying the token when one is given, from the given remote address.</summary>
    public CallInvoker Invoker(string? accessToken = null, IPAddress? from = null)
    {
        var channel = GrpcChannel.ForAddress(Server.BaseAddress, new GrpcChannelOptions { HttpHandler = Handler(from) });
        channels.Add(channel);
        return accessToken is null
            ? channel.CreateCallInvoker()
            : channel.Intercept(metadata =>
            {
                metadata.Add("authorization", "Bearer " + accessToken);
                return metadata;
            });
    }

    public CallInvoker AgencyInvoker(Agency agency) => Invoker(ClientToken(agency));

    public string ClientToken(Agency agency) => tokens.GetOrAdd("client:" + agency, _ =>
        RequestTokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = ClientIdOf(agency),
            ["client_secret"] = SecretOf(agency),
        }).GetAwaiter().GetResult().GetProperty("access_token").GetString()!);

    /// <summary>The in-memory server's handler; with an address, requests arrive from it (as from another machine).</summary>
    public HttpMessageHandler Handler(IPAddress? from) =>
        from is null ? Server.CreateHandler() : Server.CreateHandler(context => context.Connection.RemoteIpAddress = from);

    /// <summary>A browser-like client (cookies, no automatic redirects) whose requests arrive from the given address.</summary>
    public HttpClient Browser(IPAddress? from = null) => from is null
        ? CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true })
        : new HttpClient(new Microsoft.AspNetCore.Mvc.Testing.Handlers.CookieContainerHandler { InnerHandler = Handler(from) })
        {
            BaseAddress = Server.BaseAddress,
        };

    public async Task<JsonElement> RequestTokenAsync(Dictionary<string, string> form, IPAddress? from = null)
    {
        using var http = new HttpClient(Handler(from)) { BaseAddress = Server.BaseAddress };
        using var response = await http.PostAsync("/connect/token", new FormUrlEncodedContent(form));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (!response.IsSuccessStatusCode)
        {
            throw new TokenRefusedException(
                body.TryGetProperty("error", out var error) ? error.GetString()! : response.StatusCode.ToString(),
                body.TryGetProperty("error_description", out var description) ? description.GetString()! : "");
        }

        return body;
    }

    /// <summary>The full portal flow: authorize, log in on the login page, follow back, redeem the code with the PKCE verifier.</summary>
    public async Task<JsonElement> LogInAsync(string email, string password, string scopes, IPAddress? from = null)
    {
        using var browser = Browser(from);
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var authorize = AuthorizeUrl(scopes, challenge, "S256");

        using var first = await browser.GetAsync(authorize);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var loginUrl = first.Headers.Location!.PathAndQuery;
        var page = await browser.GetStringAsync(loginUrl);
        var antiforgery = Regex.Match(page, "name=\"(__RequestVerificationToken)\" value=\"([^\"]+)\"");
        var returnUrl = WebUtility.HtmlDecode(Regex.Match(page, "name=\"returnUrl\" value=\"([^\"]*)\"").Groups[1].Value);
        using var login = await browser.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [antiforgery.Groups[1].Value] = WebUtility.HtmlDecode(antiforgery.Groups[2].Value),
            ["returnUrl"] = returnUrl,
            ["email"] = email,
            ["password"] = password,
            ["lang"] = "en", // The page speaks Chinese by default; these tests read its English messages.
        }));
        if (login.StatusCode != HttpStatusCode.Redirect)
        {
            var answer = Regex.Match(await login.Content.ReadAsStringAsync(), "<p role=\"alert\">([^<]*)</p>").Groups[1].Value;
            throw new TokenRefusedException("login refused", WebUtility.HtmlDecode(answer));
        }

        using var back = await browser.GetAsync(login.Headers.Location!.OriginalString);
        var callback = back.Headers.Location?.OriginalString ?? "";
        var code = Regex.Match(callback, "[?&]code=([^&]+)").Groups[1].Value;
        if (code.Length == 0)
        {
            throw new TokenRefusedException("no code: " + callback);
        }

        return await RequestTokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = "dx-portal",
            ["code"] = Uri.UnescapeDataString(code),
            ["redirect_uri"] = PortalRedirect,
            ["code_verifier"] = verifier,
        }, from);
    }

    public string UserToken(string email, string password, string scopes) => tokens.GetOrAdd($"user:{email}:{scopes}", _ =>
        LogInAsync(email, password, scopes).GetAwaiter().GetResult().GetProperty("access_token").GetString()!);

    public string AdminToken() => UserToken(AdminEmail, AdminPassword, "openid admin");

    public static string AuthorizeUrl(string scopes, string challenge, string method) =>
        "/connect/authorize?client_id=dx-portal&response_type=code" +
        $"&redirect_uri={Uri.EscapeDataString(PortalRedirect)}&scope={Uri.EscapeDataString(scopes)}" +
        $"&code_challenge={challenge}&code_challenge_method={method}&state=s1";

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>How many audit entries the chain holds now.</summary>
    public async Task<long> AuditCountAsync()
    {
        await using var db = await Contexts().CreateDbContextAsync();
        return await db.AuditEntries.LongCountAsync();
    }

    public IDbContextFactory<ExchangeDbContext> Contexts() => Services.GetRequiredService<IDbContextFactory<ExchangeDbContext>>();

    public Task InitializeAsync()
    {
        _ = Server;
        return Task.CompletedTask;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        foreach (var channel in channels)
        {
            channel.Dispose();
        }

        await base.DisposeAsync();
        await Database.DisposeAsync();
    }
}

/// <summary>The token endpoint (or login) said no; the message is the OAuth error code.</summary>
public sealed class TokenRefusedException(string error, string description = "") : Exception($"{error}: {description}")
{
    public string Error { get; } = error;

    /// <summary>The error description, or the login page's message.</summary>
    public string Description { get; } = description;
}

public sealed class SqliteSecurityHub() : SecurityHub(DatabaseProvider.Sqlite);

public sealed class PostgresSecurityHub() : SecurityHub(DatabaseProvider.PostgreSql);
