using System.Net;
using System.Text.RegularExpressions;
using DataExchange.Api.SecurityTests.Infrastructure;
using DataExchange.Contracts.V1;
using DataExchange.Data.Providers;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Agency = DataExchange.Domain.Agencies.Agency;

namespace DataExchange.Api.SecurityTests;

/// <summary>
/// Floods from outside: anonymous calls are limited per remote address before their token is looked at, the token
/// endpoint per client and address, and the audit log grows by a bounded number of entries whose counts add up to
/// every refusal. Each test gets its own host with tight limits.
/// </summary>
public sealed partial class AbuseLimitTests
{
    private static readonly IPAddress Attacker = IPAddress.Parse("203.0.113.7");
    private static readonly IPAddress Bystander = IPAddress.Parse("198.51.100.20");

    [GeneratedRegex(@"^count=(\d+); source=([^;]+);")]
    private static partial Regex TallyDetail();

    private static async Task<StatusCode> VerifyAsync(CallInvoker invoker)
    {
        try
        {
            await new RecordExchange.RecordExchangeClient(invoker).VerifyIdentityAsync(new VerifyIdentityRequest { IdNumber = World.IdNumber(7) });
            return StatusCode.OK;
        }
        catch (RpcException exception)
        {
            return exception.StatusCode;
        }
    }

    /// <summary>Entries after <paramref name="after"/> tallying refusals from this source, once their counts reach <paramref name="expected"/>.</summary>
    private static async Task<List<Data.Entities.AuditEntryEntity>> TalliedAsync(SecurityHub hub, long after, string source, int expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await using var db = await hub.Contexts().CreateDbContextAsync();
            var entries = (await db.AuditEntries.AsNoTracking().Where(entry => entry.Sequence > after).OrderBy(entry => entry.Sequence).ToListAsync())
                .Where(entry => TallyDetail().Match(entry.Detail) is { Success: true } match && match.Groups[2].Value == source)
                .ToList();
            if (entries.Sum(entry => int.Parse(TallyDetail().Match(entry.Detail).Groups[1].Value)) >= expected || DateTime.UtcNow > deadline)
            {
                return entries;
            }

            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task AFloodOfAnonymousCallsIsRefusedPastTheAddressLimitAndAuditedAsAFewEntriesWhoseCountsAddUp()
    {
        await using var hub = new SecurityHub(DatabaseProvider.Sqlite)
        {
            Settings = new Dictionary<string, string>
            {
                ["RateLimits:PerAddress:Burst"] = "40",
                ["RateLimits:PerAddress:Permits"] = "1",
                ["RateLimits:PerAddress:PeriodSeconds"] = "3600",
                ["Audit:RefusalWindowSeconds"] = "2",
            },
        };
        await hub.InitializeAsync();
        var before = await hub.AuditCountAsync();
        var anonymous = hub.Invoker(from: Attacker);
        var garbage = hub.Invoker("not-a-token", from: Attacker);

        var statuses = new List<StatusCode>();
        for (var call = 0; call < 300; call++)
        {
            statuses.Add(await VerifyAsync(call % 2 == 0 ? anonymous : garbage));
        }

        Assert.Equal(Enumerable.Repeat(StatusCode.Unauthenticated, 40), statuses.Take(40));
        Assert.All(statuses.Skip(40), status => Assert.Equal(StatusCode.ResourceExhausted, status));
        // Per address: another machine is still answered on its merits.
        Assert.Equal(StatusCode.Unauthenticated, await VerifyAsync(hub.Invoker(from: Bystander)));
        Assert.Equal(StatusCode.OK, await VerifyAsync(hub.Invoker(hub.ClientToken(Agency.Health), Bystander)));

        var entries = await TalliedAsync(hub, before, Attacker.ToString(), 300);
        Assert.Equal(300, entries.Sum(entry => int.Parse(TallyDetail().Match(entry.Detail).Groups[1].Value)));
        Assert.Equal(40, entries.Where(entry => entry.Outcome == "Unauthenticated").Sum(entry => int.Parse(TallyDetail().Match(entry.Detail).Groups[1].Value)));
        Assert.All(entries, entry => Assert.Equal("anonymous", entry.PrincipalKind));
        // Two entries per outcome and window at most; the flood spans a few windows of 2 s.
        Assert.InRange(entries.Count, 2, 2 * 2 * 8);
        Assert.InRange(await hub.AuditCountAsync() - before, entries.Count, entries.Count + 4);
    }

    [Fact]
    public async Task WrongClientSecretsAreRefusedWith429PastTheLimitForThatClientAndAddressOnly()
    {
        await using var hub = new SecurityHub(DatabaseProvider.Sqlite)
        {
            Settings = new Dictionary<string, string>
            {
                ["RateLimits:TokenPerClient:Burst"] = "5",
                ["RateLimits:TokenPerClient:Permits"] = "1",
                ["RateLimits:TokenPerClient:PeriodSeconds"] = "3600",
                ["Audit:RefusalWindowSeconds"] = "2",
            },
        };
        await hub.InitializeAsync();
        var before = await hub.AuditCountAsync();
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = SecurityHub.ClientIdOf(Agency.Health),
            ["client_secret"] = "wrong-secret-guess-0000",
        };

        var errors = new List<string>();
        for (var attempt = 0; attempt < 30; attempt++)
        {
            errors.Add((await Assert.ThrowsAsync<TokenRefusedException>(() => hub.RequestTokenAsync(form, Attacker))).Error);
        }

        Assert.DoesNotContain("temporarily_unavailable", errors.Take(5));
        Assert.All(errors.Skip(5), error => Assert.Equal("temporarily_unavailable", error));
        form["client_secret"] = SecurityHub.SecretOf(Agency.Health);
        // Even the right secret waits at that address; from another address the client gets its token.
        Assert.Equal("temporarily_unavailable", (await Assert.ThrowsAsync<TokenRefusedException>(() => hub.RequestTokenAsync(form, Attacker))).Error);
        Assert.NotNull((await hub.RequestTokenAsync(form, Bystander)).GetProperty("access_token").GetString());

        var entries = await TalliedAsync(hub, before, Attacker.ToString(), 26);
        Assert.Equal(26, entries.Sum(entry => int.Parse(TallyDetail().Match(entry.Detail).Groups[1].Value)));
        Assert.All(entries, entry => Assert.Equal("/connect/token", entry.Rpc));
    }

    [Fact]
    public async Task VerifyIdentityHasItsOwnQuotaPerClientAndEveryAnsweredCheckIsAuditedUnderTheChildsKey()
    {
        await using var hub = new SecurityHub(DatabaseProvider.Sqlite)
        {
            Settings = new Dictionary<string, string>
            {
                ["RateLimits:VerifyIdentity:Burst"] = "3",
                ["RateLimits:VerifyIdentity:Permits"] = "1",
                ["RateLimits:VerifyIdentity:PeriodSeconds"] = "3600",
            },
        };
        await hub.InitializeAsync();
        var education = new RecordExchange.RecordExchangeClient(hub.AgencyInvoker(Agency.Education));
        var probed = new[] { World.IdNumber(11), World.IdNumber(12), World.IdNumber(13) };
        foreach (var idNumber in probed)
        {
            Assert.False((await education.VerifyIdentityAsync(new VerifyIdentityRequest { IdNumber = idNumber, Name = "王小明" })).Known);
        }

        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            education.VerifyIdentityAsync(new VerifyIdentityRequest { IdNumber = World.IdNumber(14) }).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Contains("VerifyIdentity quota", refused.Status.Detail);
        // The quota is VerifyIdentity's alone and per client: other rpcs and other agencies are not held back.
        var other = await Assert.ThrowsAsync<RpcException>(() => education.GetSourceRecordAsync(new GetSourceRecordRequest { SourceId = "none" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, other.StatusCode);
        Assert.False((await new RecordExchange.RecordExchangeClient(hub.AgencyInvoker(Agency.Health))
            .VerifyIdentityAsync(new VerifyIdentityRequest { IdNumber = World.IdNumber(14) })).Known);

        // An auditor finds each check by the ID number asked about: enumeration is visible.
        await World.CreateUserAsync(hub, "auditor@quota.test", Agency.CivilAffairs, Role.Auditor);
        var log = new AuditLog.AuditLogClient(hub.Invoker(hub.UserToken("auditor@quota.test", World.PersonPassword, "openid audit.read")));
        foreach (var idNumber in probed)
        {
            var entries = (await log.QueryEntriesAsync(new QueryEntriesRequest { ChildIdNumber = idNumber })).Entries;
            var entry = Assert.Single(entries);
            Assert.Equal(("/dataexchange.v1.RecordExchange/VerifyIdentity", SecurityHub.ClientIdOf(Agency.Education), "OK"),
                (entry.Rpc, entry.Principal, entry.Outcome));
            Assert.Contains(entry.Children, child => child.StartsWith("k:", StringComparison.Ordinal));
            Assert.DoesNotContain(idNumber, entry.ToString());
        }
    }
}
