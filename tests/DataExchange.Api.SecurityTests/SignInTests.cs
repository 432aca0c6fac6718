using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using DataExchange.Api.SecurityTests.Infrastructure;
using DataExchange.Contracts.V1;
using Grpc.Core;
using Agency = DataExchange.Domain.Agencies.Agency;

namespace DataExchange.Api.SecurityTests;

/// <summary>
/// The login page from outside, as a browser at a given address: wrong passwords slow down that address for that
/// account, they never lock the person out elsewhere nor cut a live token, and an unknown e-mail address cannot be
/// told from a known one by the answer or by its time.
/// </summary>
public sealed partial class SignInTests(SqliteSecurityHub hub) : IClassFixture<SqliteSecurityHub>
{
    private const string WrongPassword = "Wrong-Password-2026!";

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"[^\"]*\"")]
    private static partial Regex AntiforgeryField();

    private static IPAddress Address(int host) => IPAddress.Parse($"192.0.2.{host}");

    /// <summary>Posts the login form as a browser at <paramref name="from"/>; the status and the page without its antiforgery token.</summary>
    private async Task<(HttpStatusCode Status, string Page)> PostLoginAsync(string email, string password, IPAddress from)
    {
        using var browser = hub.Browser(from);
        var form = await browser.GetStringAsync("/account/login?returnUrl=%2F");
        var token = Regex.Match(form, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        using var reply = await browser.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
            ["returnUrl"] = "/",
            ["email"] = email,
            ["password"] = password,
            ["lang"] = "en", // The page speaks Chinese by default; these tests read its English messages.
        }));
        return (reply.StatusCode, AntiforgeryField().Replace(await reply.Content.ReadAsStringAsync(), ""));
    }

    [Fact]
    public async Task WrongPasswordsFromAnyoneNeitherCutAPersonsLiveTokenNorLockThemOut()
    {
        await World.CreateUserAsync(hub, "target@security.test", Agency.Health, Role.Auditor);
        var token = (await hub.LogInAsync("target@security.test", World.PersonPassword, "openid audit.read", Address(10)))
            .GetProperty("access_token").GetString()!;
        var log = new AuditLog.AuditLogClient(hub.Invoker(token));

        for (var attempt = 0; attempt < 12; attempt++)
        {
            await PostLoginAsync("target@security.test", WrongPassword, Address(66));
        }

        Assert.True((await log.VerifyChainAsync(new VerifyChainRequest())).Intact);
        var again = await hub.LogInAsync("target@security.test", World.PersonPassword, "openid audit.read", Address(10));
        Assert.True((await new AuditLog.AuditLogClient(hub.Invoker(again.GetProperty("access_token").GetString()!))
            .VerifyChainAsync(new VerifyChainRequest())).Intact);
    }

    [Fact]
    public async Task AfterFiveWrongPasswordsThatAddressWaitsEvenWithTheRightPasswordWhileOthersDoNot()
    {
        await World.CreateUserAsync(hub, "slow@security.test", Agency.Health, Role.Auditor);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var refused = await Assert.ThrowsAsync<TokenRefusedException>(() => hub.LogInAsync("slow@security.test", WrongPassword, "openid audit.read", Address(20)));
            Assert.Equal("Wrong e-mail or password.", refused.Description);
        }

        var waiting = await Assert.ThrowsAsync<TokenRefusedException>(() => hub.LogInAsync("slow@security.test", World.PersonPassword, "openid audit.read", Address(20)));
        Assert.StartsWith("Too many failed attempts for this e-mail address from here: try again in ", waiting.Description);
        Assert.NotNull((await hub.LogInAsync("slow@security.test", World.PersonPassword, "openid audit.read", Address(21))).GetProperty("access_token").GetString());
    }

    [Fact]
    public async Task AnUnknownAndAKnownAddressGetTheSameAnswerBeforeAndAfterTheThrottle()
    {
        await World.CreateUserAsync(hub, "known@security.test", Agency.Education, Role.Steward);
        for (var attempt = 0; attempt < 7; attempt++)
        {
            var known = await PostLoginAsync("known@security.test", WrongPassword, Address(30));
            var unknown = await PostLoginAsync("nobody@security.test", WrongPassword, Address(31));
            Assert.Equal(known.Status, unknown.Status);
            // The throttle's wait is in whole seconds; both started at the same time.
            Assert.Equal(Regex.Replace(known.Page, @"in \d+ s", "in N s"), Regex.Replace(unknown.Page, @"in \d+ s", "in N s"));
            Assert.Contains(attempt < 5 ? "Wrong e-mail or password." : "Too many failed attempts", known.Page);
        }

        var disabled = await World.CreateUserAsync(hub, "disabled@security.test", Agency.Education, Role.Steward);
        await World.Admin(hub).DisableUserAsync(new DisableUserRequest { UserId = disabled });
        Assert.Equal((await PostLoginAsync("nobody2@security.test", World.PersonPassword, Address(32))).Page,
            (await PostLoginAsync("disabled@security.test", World.PersonPassword, Address(32))).Page);
    }

    /// <summary>
    /// Not a measurement: a coarse property with a wide margin (the unknown address used to answer ten times faster).
    /// Attempts alternate and come from fresh addresses, so neither the throttle nor a burst of load favours one side.
    /// </summary>
    [Fact]
    public async Task AnUnknownAddressTakesAboutAsLongAsAKnownOne()
    {
        await World.CreateUserAsync(hub, "timed@security.test", Agency.Education, Role.Steward);
        await PostLoginAsync("warm-up@security.test", WrongPassword, Address(40));
        var known = new List<double>();
        var unknown = new List<double>();
        for (var attempt = 0; attempt < 9; attempt++)
        {
            known.Add(await TimeAsync("timed@security.test", Address(41 + attempt)));
            unknown.Add(await TimeAsync($"absent{attempt}@security.test", Address(41 + attempt)));
        }

        var ratio = Median(unknown) / Median(known);
        Assert.InRange(ratio, 1 / 3.0, 3.0);
    }

    private async Task<double> TimeAsync(string email, IPAddress from)
    {
        var stopwatch = Stopwatch.StartNew();
        var (status, _) = await PostLoginAsync(email, WrongPassword, from);
        Assert.Equal(HttpStatusCode.OK, status);
        return stopwatch.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
