using System.Text.RegularExpressions;
using DataExchange.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DataExchange.Reconciliation.Tests;

/// <summary>
/// The empty hub's batch link writes its children a chunk at a time (composed by a background worker and, once it has
/// written the previous chunk, the writing thread). Chunking must change no row, nor must which thread composed a child:
/// the same sample linked in one chunk and in chunks of 97 children (the last one short) gives the same children, links,
/// holdings, conflicts, alerts, events and review candidates, key for key.
/// </summary>
public sealed partial class ChunkedBatchLinkTests
{
    [Fact]
    public async Task ABatchLinkWrittenInSmallChunksStoresTheSameRowsAsOneChunk()
    {
        var whole = await TablesAsync(Reconciler.DefaultBatchChildChunk);
        var chunked = await TablesAsync(97);

        Assert.True(whole["children"].Count > 97 * 5, $"{whole["children"].Count} children: too few for several chunks");
        Assert.NotEmpty(whole["conflicts"]);
        Assert.NotEmpty(whole["alerts"]);
        Assert.NotEmpty(whole["candidates"]);
        foreach (var (table, rows) in whole)
        {
            Assert.True(rows.SequenceEqual(chunked[table]), $"{table} differ");
        }
    }

    private static async Task<Dictionary<string, List<string>>> TablesAsync(int chunk)
    {
        var hub = new SampleHub(children: 1_500, seed: 20261203, chunk);
        await hub.InitializeAsync();
        try
        {
            await using var db = await hub.Services.GetRequiredService<IDbContextFactory<ExchangeDbContext>>().CreateDbContextAsync();
            return new Dictionary<string, List<string>>
            {
                ["children"] = Rows(await db.Children.OrderBy(c => c.Id).ToListAsync(), c =>
                    [c.Id, c.Version, c.Active, c.GoldenJson, c.Name, c.NamePinyin, c.IdNumber, c.BirthDate, c.RegionCode, c.Category, c.Agencies, c.RecordCount]),
                ["links"] = Rows(await db.RecordLinks.OrderBy(l => l.SourceRecordId).ToListAsync(), l => [l.SourceRecordId, l.ChildId, l.RecordVersion, l.Method, l.Score]),
                ["holdings"] = Rows(await db.ChildHoldings.OrderBy(h => h.ChildId).ThenBy(h => h.Agency).ToListAsync(), h =>
                    [h.ChildId, h.Agency, h.Name, h.IdNumber, h.BirthDate, h.RegionCode, h.Category, h.RecordCount, h.RecordsDigest]),
                ["conflicts"] = Rows(await db.Conflicts.OrderBy(c => c.Id).ToListAsync(), c => [c.Id, c.ChildId, c.Key, c.Kind, c.Field, c.ValuesJson, c.Status]),
                ["alerts"] = Rows(await db.Alerts.OrderBy(a => a.Id).ToListAsync(), a => [a.Id, a.ChildId, a.Key, a.Rule, a.Agency, a.Facts, a.Status]),
                ["events"] = Rows(await db.ChangeEvents.OrderBy(e => e.Sequence).ToListAsync(), e => [e.Sequence, e.ChildId, e.Kind, e.Agencies, e.Detail]),
                ["candidates"] = Rows(await db.MatchCandidates.OrderBy(c => c.Id).ToListAsync(), c =>
                    [c.Id, c.RecordAId, c.RecordAVersion, c.RecordBId, c.RecordBVersion, c.Weight, c.Probability, c.BreakdownJson, c.Status, c.RegionCode]),
            };
        }
        finally
        {
            await hub.DisposeAsync();
        }
    }

    // Timestamps differ between the two hubs (each stored its records at its own time): left out, nothing else.
    private static List<string> Rows<T>(List<T> rows, Func<T, object?[]> columns) =>
        [.. rows.Select(row => UpdatedAt().Replace(string.Join('|', columns(row)), ""))];

    [GeneratedRegex("\"updated_at\":\"[^\"]*\"")]
    private static partial Regex UpdatedAt();
}
