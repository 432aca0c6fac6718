using DataExchange.Api.SecurityTests.Infrastructure;
using DataExchange.Contracts.Mapping;
using DataExchange.Contracts.V1;
using DataExchange.Data.Audit;
using DataExchange.Data.Providers;
using DataExchange.Data.Records;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Agency = DataExchange.Domain.Agencies.Agency;

namespace DataExchange.Api.SecurityTests;

/// <summary>An audit store that always fails, like a full disk or a lost database connection.</summary>
internal sealed class FailingAuditSink : IAuditSink
{
    public Task<long> AppendAsync(AuditDraft draft, CancellationToken cancellationToken) => throw new IOException("disk full");
}

/// <summary>No entry, no answer: when the audit log cannot be written, calls fail with Unavailable and disclose nothing.</summary>
public sealed class FailClosedTests
{
    [Fact]
    public async Task AReadFailsWithUnavailableAndDisclosesNothingWhenTheAuditStoreFails()
    {
        await using var hub = new SecurityHub(DatabaseProvider.Sqlite) { ConfigureServicesWith = services => services.AddSingleton<IAuditSink, FailingAuditSink>() };
        var record = World.FullRecord(Agency.Education);
        // Stored behind the API's back: through the API the write itself would be refused for want of an audit entry.
        await hub.Services.GetRequiredService<RecordCommands>().UpsertAsync(Agency.Education, record.ToDomain(Agency.Education), null, CancellationToken.None);
        var client = new RecordExchange.RecordExchangeClient(hub.AgencyInvoker(Agency.Education));

        var error = await Assert.ThrowsAsync<RpcException>(() => client.GetSourceRecordAsync(new GetSourceRecordRequest { SourceId = record.SourceId }).ResponseAsync);

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        var everything = error.Status.Detail + string.Join("|", error.Trailers.Select(entry => entry.IsBinary ? Convert.ToBase64String(entry.ValueBytes) : entry.Value));
        Assert.DoesNotContain(record.Name, everything);
        Assert.DoesNotContain(record.IdNumber, everything);
        Assert.DoesNotContain("disk full", everything);
    }

    [Fact]
    public async Task ARefusedCallAlsoFailsWithUnavailableWhenItCannotBeAudited()
    {
        await using var hub = new SecurityHub(DatabaseProvider.Sqlite) { ConfigureServicesWith = services => services.AddSingleton<IAuditSink, FailingAuditSink>() };
        var client = new RecordExchange.RecordExchangeClient(hub.Invoker());

        var error = await Assert.ThrowsAsync<RpcException>(() => client.VerifyIdentityAsync(new VerifyIdentityRequest { IdNumber = World.IdNumber(1) }).ResponseAsync);

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
    }

    [Fact]
    public async Task ManyConcurrentCallsFromEveryAgencyLeaveOneUnforkedChain()
    {
        await using var hub = new SecurityHub(DatabaseProvider.Sqlite);
        var calls = Enumerable.Range(0, 60).Select(async i =>
        {
            var agency = Domain.Agencies.AgencyCodes.All.ElementAt(i % 5);
            var client = new RecordExchange.RecordExchangeClient(hub.AgencyInvoker(agency));
            await client.VerifyIdentityAsync(new VerifyIdentityRequest { IdNumber = World.IdNumber(i) });
        });
        await Task.WhenAll(calls);

        var verdict = await hub.Services.GetRequiredService<AuditQueries>().VerifyAsync(null, CancellationToken.None);
        Assert.False(verdict.Failed, verdict.Problem);
        Assert.Equal(60, verdict.Checked);
    }

    [Fact]
    public async Task AClientOverItsRateLimitGetsResourceExhaustedAndTheRefusalIsAudited()
    {
        await using var hub = new SecurityHub(DatabaseProvider.Sqlite)
        {
            Burst = 3,
            Settings = new Dictionary<string, string> { ["Audit:RefusalWindowSeconds"] = "1" },
        };
        var client = new RecordExchange.RecordExchangeClient(hub.AgencyInvoker(Agency.Health));
        var statuses = new List<StatusCode>();
        for (var i = 0; i < 6; i++)
        {
            try
            {
                await client.VerifyIdentityAsync(new VerifyIdentityRequest { IdNumber = World.IdNumber(i) });
                statuses.Add(StatusCode.OK);
            }
            catch (RpcException exception)
            {
                statuses.Add(exception.StatusCode);
            }
        }

        Assert.Contains(StatusCode.ResourceExhausted, statuses);
        Assert.Equal(StatusCode.OK, statuses[0]);
        // Refusals are tallied per window: the first at once, the rest in one entry when the window closes.
        var refusals = statuses.Count(status => status == StatusCode.ResourceExhausted);
        var tallied = 0;
        for (var wait = 0; wait < 100 && tallied < refusals; wait++)
        {
            await Task.Delay(100);
            await using var db = await hub.Contexts().CreateDbContextAsync();
            tallied = (await db.AuditEntries.Where(entry => entry.Outcome == "ResourceExhausted").Select(entry => entry.Detail).ToListAsync())
                .Sum(detail => int.Parse(detail["count=".Length..detail.IndexOf(';')], System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.Equal(refusals, tallied);
        await using var entries = await hub.Contexts().CreateDbContextAsync();
        Assert.Equal(6 - refusals, await entries.AuditEntries.CountAsync(entry => entry.Outcome == "OK"));
        Assert.All(await entries.AuditEntries.Where(entry => entry.Outcome == "ResourceExhausted").ToListAsync(),
            entry => Assert.Equal(SecurityHub.ClientIdOf(Agency.Health), entry.Principal));
    }
}
