using DataExchange.Data;
using DataExchange.Data.Records;
using DataExchange.Domain.Agencies;
using DataExchange.Domain.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DataExchange.Reconciliation.Tests;

/// <summary>
/// The link queue on its own copy of the sample (these tests change records): every stored version is queued in
/// its own transaction and consumed by the linker.
/// </summary>
public class LinkQueueTests(SampleHub hub) : IClassFixture<SampleHub>
{
    [Fact]
    public async Task StoredVersionsWaitInTheQueueUntilTheLinkerTakesThemOldestFirst()
    {
        var changed = hub.Records.Take(3).Select(record => record with { Address = record.Address + " (moved)" }).ToList();
        var ingestor = hub.Services.GetRequiredService<RecordIngestor>();
        foreach (var record in changed)
        {
            await ingestor.WriteChunkAsync(record.Agency, [new IndexedRecord(0, record)], "queue-test", CancellationToken.None);
        }

        Assert.Equal(3, await PendingAsync());
        var reconciler = hub.Services.GetRequiredService<Reconciler>();

        var first = await reconciler.LinkQueuedAsync(2, CancellationToken.None);
        var second = await reconciler.LinkQueuedAsync(2, CancellationToken.None);
        var third = await reconciler.LinkQueuedAsync(2, CancellationToken.None);

        Assert.Equal((2, 1, 0), (first.Consumed, second.Consumed, third.Consumed));
        Assert.Equal(0, await PendingAsync());
        await using var db = await hub.Services.GetRequiredService<IDbContextFactory<ExchangeDbContext>>().CreateDbContextAsync();
        var sourceIds = changed.Select(r => r.SourceId).ToList();
        var versions = await db.SourceRecords.Where(r => sourceIds.Contains(r.SourceId)).Join(db.RecordLinks, r => r.Id, l => l.SourceRecordId, (r, l) => new { r.Version, l.RecordVersion }).ToListAsync();
        Assert.Equal(3, versions.Count);
        Assert.All(versions, v => Assert.Equal((2, 2), (v.Version, v.RecordVersion)));
    }

    private async Task<int> PendingAsync()
    {
        await using var db = await hub.Services.GetRequiredService<IDbContextFactory<ExchangeDbContext>>().CreateDbContextAsync();
        return await db.PendingLinks.CountAsync();
    }
}
