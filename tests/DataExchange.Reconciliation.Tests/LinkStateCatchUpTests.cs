using DataExchange.Data;
using DataExchange.Data.Records;
using DataExchange.Domain.Agencies;
using DataExchange.Domain.Records;
using DataExchange.Matching.Linking;
using DataExchange.Matching.Scoring;
using DataExchange.Reconciliation.Linking;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DataExchange.Reconciliation.Tests;

/// <summary>
/// A host's index catching up on what another host's linker committed (its own copy of the sample: these tests change
/// records): after new records, changed versions and a retraction linked by "the other host" (the hub's Reconciler),
/// an index loaded before them and caught up from the change events holds exactly what a fresh load holds.
/// </summary>
public class LinkStateCatchUpTests(SampleHub hub) : IClassFixture<SampleHub>
{
    [Fact]
    public async Task AnIndexCaughtUpFromChangeEventsHoldsWhatAFreshLoadHolds()
    {
        var contexts = hub.Services.GetRequiredService<IDbContextFactory<ExchangeDbContext>>();
        var scorer = new Scorer(hub.Services.GetRequiredService<MatchModel>(), Reconciler.MinimumPriorRecords);
        await using var db = await contexts.CreateDbContextAsync();
        var stale = await LinkStateLoader.LoadAsync(db, scorer, CancellationToken.None);
        var seen = await db.ChangeEvents.MaxAsync(change => change.Sequence);

        // The other host: changed versions, a copy of a known record under a new source id (joins its child), a stranger
        // (a new child), and a retraction, each linked.
        var reconciler = hub.Services.GetRequiredService<Reconciler>();
        var ingestor = hub.Services.GetRequiredService<RecordIngestor>();
        var changed = hub.Records.Where(record => record.Agency == Agency.Education).Take(3)
            .Select(record => record with { Address = record.Address + " (moved)" }).ToList();
        var twin = hub.Records.First(record => record.Agency == Agency.Health) with { SourceId = "catch-up-twin" };
        var stranger = hub.Records.First(record => record.Agency == Agency.Health) with
        {
            SourceId = "catch-up-stranger", Name = "欧阳霁雯", IdNumber = "", BirthDate = "2011-02-03",
        };
        var ids = new List<long>();
        foreach (var group in changed.Append(twin).Append(stranger).GroupBy(record => record.Agency))
        {
            var outcome = await ingestor.WriteChunkAsync(group.Key, [.. group.Select((record, i) => new IndexedRecord(i, record))], "catch-up", CancellationToken.None);
            Assert.Empty(outcome.Rejections);
            ids.AddRange(outcome.ChangedRecordIds);
        }

        await reconciler.ReconcileAsync(ids, CancellationToken.None);
        var withdrawn = hub.Records.Last(record => record.Agency == Agency.Education);
        var (retracted, _) = await ActivatorUtilities.CreateInstance<RecordCommands>(hub.Services)
            .RetractAsync(withdrawn.Agency, withdrawn.SourceId, "catch-up test", CancellationToken.None);
        await reconciler.ReconcileAsync([retracted.Id], CancellationToken.None);

        var newest = await db.ChangeEvents.MaxAsync(change => change.Sequence);
        Assert.True(await LinkStateCatchUp.TryApplyAsync(db, stale, seen, newest, CancellationToken.None));
        var fresh = await LinkStateLoader.LoadAsync(db, scorer, CancellationToken.None);

        Assert.Equal(Placement(fresh), Placement(stale));
        Assert.False(stale.SlotOf.ContainsKey(retracted.Id));
        var strangerId = await db.SourceRecords.Where(record => record.SourceId == stranger.SourceId).Select(record => record.Id).SingleAsync();
        Assert.True(stale.SlotOf.ContainsKey(strangerId));
    }

    [Fact]
    public async Task ARecordMovedBetweenChildrenIsNotPatchedTheIndexIsReloadedInstead()
    {
        var contexts = hub.Services.GetRequiredService<IDbContextFactory<ExchangeDbContext>>();
        var scorer = new Scorer(hub.Services.GetRequiredService<MatchModel>(), Reconciler.MinimumPriorRecords);
        await using var db = await contexts.CreateDbContextAsync();
        var stale = await LinkStateLoader.LoadAsync(db, scorer, CancellationToken.None);
        var seen = await db.ChangeEvents.MaxAsync(change => change.Sequence);

        // Another host moved one record to another child (as a steward's split does), with an event for each child.
        var link = await db.RecordLinks.OrderBy(l => l.SourceRecordId).FirstAsync();
        var other = await db.RecordLinks.Where(l => l.ChildId != link.ChildId).Select(l => l.ChildId).FirstAsync();
        var first = await db.ChangeEvents.AsNoTracking().Where(change => change.ChildId == link.ChildId).OrderBy(change => change.Sequence).FirstAsync();
        link.ChildId = other;
        db.ChangeEvents.Add(new Data.Entities.Reconciliation.ChangeEventEntity
        {
            ChildId = first.ChildId, ChildPublicId = first.ChildPublicId, Kind = "split", CreatedAt = DateTime.UtcNow,
        });
        db.ChangeEvents.Add(new Data.Entities.Reconciliation.ChangeEventEntity
        {
            ChildId = other, ChildPublicId = first.ChildPublicId, Kind = "split", CreatedAt = DateTime.UtcNow,
        });
        await db.SaveChangesAsync();
        var before = Placement(stale);

        var newest = await db.ChangeEvents.MaxAsync(change => change.Sequence);
        Assert.False(await LinkStateCatchUp.TryApplyAsync(db, stale, seen, newest, CancellationToken.None));
        Assert.Equal(before, Placement(stale));
    }

    /// <summary>Each indexed record with its child and the version it is linked at, in record order.</summary>
    private static List<(long Record, long? Child, int Version)> Placement(LinkState state) =>
        [.. state.SlotOf.OrderBy(pair => pair.Key).Select(pair => (pair.Key, state.ChildOf(state.ClusterOfSlot[pair.Value]), state.VersionOf[pair.Key]))];
}
