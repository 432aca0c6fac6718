using DataExchange.Data;
using DataExchange.Matching.Evaluation;
using DataExchange.Matching.Io;
using DataExchange.Matching.Linking;
using DataExchange.Matching.Scoring;
using DataExchange.Reconciliation.Children;
using DataExchange.Reconciliation.Stewardship;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DataExchange.Reconciliation.Tests;

/// <summary>The sample through the live path (ingestor, reconciler, database) against the batch linker on the same files.</summary>
public class SampleReconciliationTests(SampleHub hub) : IClassFixture<SampleHub>
{
    [Fact]
    public async Task TheImportedSampleScoresWithinOneThousandthOfTheBatchLinker()
    {
        // dx link's scorer: the prior for the run's size, as the hub's reconciler scores.
        var features = BatchLinker.Extract(hub.Records);
        var scorer = new Scorer(hub.Services.GetRequiredService<MatchModel>(), features.Length);
        var batch = new BatchLinker(scorer).Link(features);
        var truth = LinkageFiles.ReadTruth(hub.TruthFile);
        var expected = PairwiseEvaluation.Evaluate(features, batch.ClusterOf, batch.Review, truth);

        var live = (await ExportAsync()).Evaluate(hub.TruthFile);

        Assert.Equal(hub.Records.Count, (await ExportAsync()).Links.Count);
        Assert.InRange(live.Precision, expected.Precision - 0.001, expected.Precision + 0.001);
        Assert.InRange(live.Recall, expected.Recall - 0.001, expected.Recall + 0.001);
        Assert.InRange(live.Reach, expected.Reach - 0.001, expected.Reach + 0.001);
    }

    [Fact]
    public async Task ImportingTheSampleAgainChangesNothing()
    {
        var before = await ExportAsync();
        var counts = await hub.Services.GetRequiredService<ChildQueries>().CountAsync(CancellationToken.None);

        var changed = await hub.ImportAsync(hub.Records);

        var after = await ExportAsync();
        Assert.Equal(0, changed);
        Assert.Equal(before.Links.Select(l => (l.Agency, l.SourceId, l.ChildId)), after.Links.Select(l => (l.Agency, l.SourceId, l.ChildId)));
        Assert.Equal(before.Review, after.Review);
        Assert.Equal(counts, await hub.Services.GetRequiredService<ChildQueries>().CountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task AVersionAnnouncedAgainIsNotDecidedAgainSoAStewardsNotTheSameDecisionStands()
    {
        var queue = hub.Services.GetRequiredService<ReviewQueue>();
        var (items, _) = await queue.ListAsync(new ReviewFilter(PageSize: 200), CancellationToken.None);
        var candidate = items.Last();
        await hub.Services.GetRequiredService<StewardDecisions>().DecideCandidateAsync(candidate.Id, candidate.Version, sameChild: false, "steward", "different mothers", CancellationToken.None);
        var (a, b) = await RecordIdsAsync(candidate.Id);
        var before = await ExportAsync();

        // The same versions queued again, as a replayed batch or an interrupted linker would leave them.
        await using (var db = await hub.Services.GetRequiredService<IDbContextFactory<ExchangeDbContext>>().CreateDbContextAsync())
        {
            var versions = await db.SourceRecords.Where(r => r.Id == a || r.Id == b).ToDictionaryAsync(r => r.Id, r => r.Version);
            db.PendingLinks.AddRange(versions.Select(v => new Data.Entities.Reconciliation.PendingLinkEntity { SourceRecordId = v.Key, Version = v.Value, QueuedAt = DateTime.UtcNow }));
            await db.SaveChangesAsync();
        }

        var outcome = await hub.Services.GetRequiredService<Reconciler>().LinkQueuedAsync(100, CancellationToken.None);

        Assert.Equal((2, 0, 0), (outcome.Consumed, outcome.Linked, outcome.NewChildren));
        Assert.Equal("not_same", await StatusAsync(candidate.Id));
        Assert.Equal(before.Links.Select(l => (l.Agency, l.SourceId, l.ChildId)), (await ExportAsync()).Links.Select(l => (l.Agency, l.SourceId, l.ChildId)));
        await using var check = await hub.Services.GetRequiredService<IDbContextFactory<ExchangeDbContext>>().CreateDbContextAsync();
        Assert.False(await check.PendingLinks.AnyAsync());
    }

    [Fact]
    public async Task ChildrenWithoutHoldingRowsGetTheRowsTheirRecordsGiveAndNoEvent()
    {
        var contexts = hub.Services.GetRequiredService<IDbContextFactory<ExchangeDbContext>>();
        Assert.Equal(0, await ChildHoldingsBackfill.RunAsync(contexts, CancellationToken.None));

        // As a hub migrated from before child_holdings: every child past the first has lost its rows.
        List<string> before;
        int events;
        int emptied;
        await using (var db = await contexts.CreateDbContextAsync())
        {
            before = Rows(await db.ChildHoldings.AsNoTracking().ToListAsync());
            events = await db.ChangeEvents.CountAsync();
            var first = await db.Children.Where(child => child.Active).MinAsync(child => child.Id);
            emptied = await db.Children.CountAsync(child => child.Active && child.Id > first);
            await db.ChildHoldings.Where(holding => holding.ChildId > first).ExecuteDeleteAsync();
        }

        Assert.True(emptied > 1_000, $"only {emptied} children to fill");
        Assert.Equal(emptied, await ChildHoldingsBackfill.RunAsync(contexts, CancellationToken.None));
        Assert.Equal(0, await ChildHoldingsBackfill.RunAsync(contexts, CancellationToken.None));

        await using var check = await contexts.CreateDbContextAsync();
        Assert.Equal(before, Rows(await check.ChildHoldings.AsNoTracking().ToListAsync()));
        Assert.Equal(events, await check.ChangeEvents.CountAsync());

        static List<string> Rows(IEnumerable<Data.Entities.Reconciliation.ChildHoldingEntity> rows) =>
        [
            .. rows.Select(row => string.Join('|', row.ChildId, row.Agency, row.Name, row.NamePinyin, row.IdNumber, row.BirthDate, row.RegionCode,
                row.Category, row.RecordCount, row.RecordsDigest)).Order(StringComparer.Ordinal),
        ];
    }

    [Fact]
    public async Task EveryChildTheBatchLinkWroteInBulkIsWhatTheIncrementalRefreshWouldWrite()
    {
        // The empty hub's batch link composes children and their findings in memory and bulk-inserts them; the
        // incremental path's refresh (ChildRefresher.RefreshAsync, change-tracked) recomputes the same state from the
        // stored records. Run over every child, it must find nothing to change: golden record, agencies, record count,
        // conflicts, alerts and holdings all as it would have written them, and so no change event either.
        var contexts = hub.Services.GetRequiredService<IDbContextFactory<ExchangeDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        var children = await db.Children.Where(child => child.Active).Select(child => child.Id).ToListAsync();
        var asOf = hub.Services.GetRequiredService<AsOfDate>().Today();

        await ChildRefresher.RefreshAsync(db, children, DateTime.UtcNow, asOf, CancellationToken.None);

        Assert.True(children.Count > 4_000);
        db.ChangeTracker.DetectChanges();
        var changed = db.ChangeTracker.Entries().Where(entry => entry.State != EntityState.Unchanged)
            .Select(entry => $"{entry.Metadata.ClrType.Name} {entry.State}").ToList();
        Assert.Empty(changed);
    }

    private async Task<LinkageExport> ExportAsync()
    {
        await using var db = await hub.Services.GetRequiredService<IDbContextFactory<ExchangeDbContext>>().CreateDbContextAsync();
        return await LinkageExport.ReadAsync(db, CancellationToken.None);
    }

    private async Task<(long A, long B)> RecordIdsAsync(long candidateId)
    {
        await using var db = await hub.Services.GetRequiredService<IDbContextFactory<ExchangeDbContext>>().CreateDbContextAsync();
        var candidate = await db.MatchCandidates.SingleAsync(c => c.Id == candidateId);
        return (candidate.RecordAId, candidate.RecordBId);
    }

    private async Task<string> StatusAsync(long candidateId)
    {
        await using var db = await hub.Services.GetRequiredService<IDbContextFactory<ExchangeDbContext>>().CreateDbContextAsync();
        return await db.MatchCandidates.Where(c => c.Id == candidateId).Select(c => c.Status).SingleAsync();
    }
}
