using DataExchange.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DataExchange.Reconciliation.Tests;

/// <summary>
/// The empty hub's batch link leaves its index to be built from what it held in memory when first needed, instead of
/// building it at once (dx import never needs it). That index must decide exactly as one loaded from the database: the
/// same records arriving after the batch give the same links, children and candidates on a hub that kept the batch's
/// index and on one made to reload it (a steward decision's unit drops the index).
/// </summary>
public sealed class BatchIndexTests
{
    [Fact]
    public async Task RecordsArrivingAfterTheBatchAreDecidedAsByAnIndexLoadedFromTheDatabase()
    {
        var kept = await AfterArrivalsAsync(reload: false);
        var reloaded = await AfterArrivalsAsync(reload: true);

        Assert.Contains(kept["links"], row => row.EndsWith("|auto", StringComparison.Ordinal));
        foreach (var (table, rows) in kept)
        {
            Assert.True(rows.SequenceEqual(reloaded[table]), $"{table} differ");
        }
    }

    private static async Task<Dictionary<string, List<string>>> AfterArrivalsAsync(bool reload)
    {
        var hub = new SampleHub(children: 600, seed: 20261204, Reconciler.DefaultBatchChildChunk);
        await hub.InitializeAsync();
        try
        {
            if (reload)
            {
                await hub.Services.GetRequiredService<Reconciler>().ExclusiveAsync(() => Task.FromResult(0), CancellationToken.None);
            }

            // A second record of every tenth child, from the same agency under another key: decided one by one by the index.
            var arrivals = hub.Records.Where((_, i) => i % 10 == 0).Select(record => record with { SourceId = record.SourceId + "-again" }).ToList();
            Assert.Equal(arrivals.Count, await hub.ImportAsync(arrivals));

            await using var db = await hub.Services.GetRequiredService<IDbContextFactory<ExchangeDbContext>>().CreateDbContextAsync();
            return new Dictionary<string, List<string>>
            {
                ["links"] = [.. (await db.RecordLinks.OrderBy(l => l.SourceRecordId).ToListAsync()).Select(l => $"{l.SourceRecordId}|{l.ChildId}|{l.Method}")],
                ["children"] = [.. (await db.Children.OrderBy(c => c.Id).ToListAsync()).Select(c => $"{c.Id}|{c.Version}|{c.Active}|{c.RecordCount}|{c.Agencies}")],
                ["candidates"] = [.. (await db.MatchCandidates.OrderBy(c => c.Id).ToListAsync())
                    .Select(c => $"{c.RecordAId}|{c.RecordBId}|{c.Weight}|{c.Probability}|{c.Status}")],
            };
        }
        finally
        {
            await hub.DisposeAsync();
        }
    }
}
