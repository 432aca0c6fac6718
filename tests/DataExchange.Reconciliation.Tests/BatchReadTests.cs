using DataExchange.Data;
using DataExchange.Matching.Linking;
using DataExchange.Matching.Scoring;
using DataExchange.Reconciliation.Children;
using DataExchange.Reconciliation.Linking;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DataExchange.Reconciliation.Tests;

/// <summary>
/// The batch link reads the stored records in id order and extracts features a batch at a time beside the read
/// (BatchRead); the result must be what extracting all of them at once, in dx link's order, gives: the same records in
/// the same order, and the batch linker's children and review pairs from them the same.
/// </summary>
public sealed class BatchReadTests(SampleHub hub) : IClassFixture<SampleHub>
{
    [Fact]
    public async Task FeaturesExtractedBesideTheReadLinkAsFeaturesExtractedAtOnce()
    {
        await using var db = await hub.Services.GetRequiredService<IDbContextFactory<ExchangeDbContext>>().CreateDbContextAsync();
        var (rows, features) = await BatchRead.ReadAsync(db, CancellationToken.None);

        var expectedRows = (await db.SourceRecords.AsNoTracking().Where(record => !record.Retracted).ToListAsync())
            .OrderBy(row => (int)StoredRecord.Agency(row)).ThenBy(row => row.Id).ToList();
        var expected = BatchLinker.Extract([.. expectedRows.Select(StoredRecord.Raw)]);

        Assert.True(rows.Length > 8_192, $"only {rows.Length} records: the read fits in one batch of 8,192");
        Assert.Equal(expectedRows.Select(row => row.Id), rows.Select(row => row.Id));
        Assert.Equal(expected.Select(f => (f.Agency, f.SourceId)), features.Select(f => (f.Agency, f.SourceId)));
        var linker = new BatchLinker(new Scorer(hub.Services.GetRequiredService<MatchModel>(), rows.Length));
        var (streamed, atOnce) = (linker.Link(features), linker.Link(expected));
        Assert.Equal(atOnce.ClusterOf, streamed.ClusterOf);
        Assert.Equal(atOnce.Review.Select(pair => (pair.A, pair.B, pair.Score, pair.Probability)),
            streamed.Review.Select(pair => (pair.A, pair.B, pair.Score, pair.Probability)));
    }
}
