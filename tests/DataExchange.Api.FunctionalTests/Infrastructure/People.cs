using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using DataExchange.Contracts.V1;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Mvc.Testing;
using Agency = DataExchange.Domain.Agencies.Agency;

namespace DataExchange.Api.FunctionalTests.Infrastructure;

/// <summary>The seeded administrator and the portal's sign-in flow (authorize, log in, PKCE code), as a person uses them.</summary>
public static class People
{
    public const string PortalRedirect = "http://localhost:4200/callback";
    public const string AdminEmail = "admin@functional.test";
    public const string AdminPassword = "Admin-Password-2026!";
    public const string PersonPassword = "Person-Password-2026!";
}

public partial class HubFactory
{
    private readonly ConcurrentDictionary<string, string> personTokens = new();

    /// <summary>A data steward of the agency (steward role; reconcile and children.read scopes), created once per hub.</summary>
    public CallInvoker StewardInvokerFor(Agency agency)
    {
        var email = $"steward-{agency.ToString().ToLowerInvariant()}@functional.test";
        var token = personTokens.GetOrAdd(email, _ =>
        {
            var admin = new AccessAdmin.AccessAdminClient(Bearer(PersonToken(People.AdminEmail, People.AdminPassword, "openid admin")));
            admin.CreateUser(new CreateUserRequest { Email = email, Agency = (Contracts.V1.Agency)(int)agency, Roles = { Role.Steward }, Password = People.PersonPassword });
            return PersonToken(email, People.PersonPassword, "openid reconcile children.read");
        });
        return Bearer(token);
    }

    private CallInvoker Bearer(string token)
    {
        var channel = GrpcChannel.ForAddress(Server.BaseAddress, new GrpcChannelOptions { HttpHandler = Server.CreateHandler() });
        channels.Add(channel);
        return channel.Intercept(metadata =>
        {
            metadata.Add("authorization", "Bearer " + token);
            return metadata;
        });
    }

    private string PersonToken(string email, string password, string scopes) => personTokens.GetOrAdd($"token:{email}:{scopes}", _ =>
        LogInAsync(email, password, scopes).GetAwaiter().GetResult());

    private async Task<string> LogInAsync(string email, string password, string scopes)
    {
        using var browser = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var authorize = "/connect/authorize?client_id=dx-portal&response_type=code" +
            $"&redirect_uri={Uri.EscapeDataString(People.PortalRedirect)}&scope={Uri.EscapeDataString(scopes)}&code_challenge={challenge}&code_challenge_method=S256&state=s1";
        using var first = await browser.GetAsync(authorize);
        var page = await browser.GetStringAsync(first.Headers.Location!.PathAndQuery);
        var antiforgery = Regex.Match(page, "name=\"(__RequestVerificationToken)\" value=\"([^\"]+)\"");
        var returnUrl = WebUtility.HtmlDecode(Regex.Match(page, "name=\"returnUrl\" value=\"([^\"]*)\"").Groups[1].Value);
        using var login = await browser.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [antiforgery.Groups[1].Value] = WebUtility.HtmlDecode(antiforgery.Groups[2].Value),
            ["returnUrl"] = returnUrl,
            ["email"] = email,
            ["password"] = password,
        }));
        using var back = await browser.GetAsync(login.Headers.Location!.OriginalString);
        var code = Regex.Match(back.Headers.Location?.OriginalString ?? "", "[?&]code=([^&]+)").Groups[1].Value;
        using var http = Server.CreateClient();
        using var response = await http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = "dx-portal",
            ["code"] = Uri.UnescapeDataString(code),
            ["redirect_uri"] = People.PortalRedirect,
            ["code_verifier"] = verifier,
        }));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
