using DataExchange.Api.SecurityTests.Infrastructure;
using DataExchange.Data.Audit;
using DataExchange.Data.Providers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DataExchange.Api.SecurityTests;

/// <summary>A clock the test moves.</summary>
internal sealed class MovableClock : TimeProvider
{
    public DateTimeOffset Now { get; set; } = DateTimeOffset.UtcNow;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>Purging keeps at least the retention minimum (184 days: network logs kept six months) and leaves a verifiable chain.</summary>
public sealed class RetentionTests
{
    [Fact]
    public async Task APurgeRemovesOnlyEntriesOlderThanTheRetentionMinimumAndTheRestStillVerifies()
    {
        var clock = new MovableClock { Now = DateTimeOffset.UtcNow.AddDays(-400) };
        await using var hub = new SecurityHub(DatabaseProvider.Sqlite) { ConfigureServicesWith = services => services.AddSingleton<TimeProvider>(clock) };
        var store = hub.Services.GetRequiredService<AuditStore>();
        async Task AppendAsync(int count)
        {
            for (var i = 0; i < count; i++)
            {
                await store.AppendAsync(new AuditDraft { PrincipalKind = "client", Rpc = "/test/Old", Outcome = "OK" }, CancellationToken.None);
            }
        }

        await AppendAsync(3);                 // 400 days old
        clock.Now = clock.Now.AddDays(250);
        await AppendAsync(2);                 // 150 days old: inside the six months
        clock.Now = DateTimeOffset.UtcNow;
        await AppendAsync(2);                 // today

        // Asked to purge everything up to now, the store still keeps the last 184 days.
        var removed = await store.PurgeAsync(clock.Now.UtcDateTime, TimeSpan.FromDays(184), "retention-test", CancellationToken.None);

        Assert.Equal(3, removed);
        await using var db = await hub.Contexts().CreateDbContextAsync();
        Assert.Equal([4L, 5, 6, 7], await db.AuditEntries.OrderBy(entry => entry.Sequence).Select(entry => entry.Sequence).ToListAsync());
        var verdict = await hub.Services.GetRequiredService<AuditQueries>().VerifyAsync(null, CancellationToken.None);
        Assert.False(verdict.Failed, verdict.Problem);
        Assert.Equal(4, verdict.Checked);
        Assert.Equal(0, await store.PurgeAsync(clock.Now.UtcDateTime, TimeSpan.FromDays(184), "retention-test", CancellationToken.None));
        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("DELETE FROM audit_entries WHERE \"Sequence\" = 4"));
    }

    [Fact]
    public async Task APurgeOfAChainOlderThanTheMinimumKeepsItsHeadAndTheNextEntryFollowsTheAnchor()
    {
        var clock = new MovableClock { Now = DateTimeOffset.UtcNow.AddDays(-400) };
        await using var hub = new SecurityHub(DatabaseProvider.Sqlite) { ConfigureServicesWith = services => services.AddSingleton<TimeProvider>(clock) };
        var store = hub.Services.GetRequiredService<AuditStore>();
        var draft = new AuditDraft { PrincipalKind = "client", Rpc = "/test/Old", Outcome = "OK" };
        for (var i = 0; i < 3; i++)
        {
            await store.AppendAsync(draft, CancellationToken.None);  // all 400 days old
        }

        clock.Now = DateTimeOffset.UtcNow;
        Assert.Equal(2, await store.PurgeAsync(clock.Now.UtcDateTime, TimeSpan.FromDays(184), "retention-test", CancellationToken.None));
        await store.AppendAsync(draft, CancellationToken.None);

        await using var db = await hub.Contexts().CreateDbContextAsync();
        Assert.Equal([3L, 4], await db.AuditEntries.OrderBy(entry => entry.Sequence).Select(entry => entry.Sequence).ToListAsync());
        var verdict = await hub.Services.GetRequiredService<AuditQueries>().VerifyAsync(null, CancellationToken.None);
        Assert.False(verdict.Failed, verdict.Problem);
        Assert.Equal(2, verdict.Checked);
    }
}
