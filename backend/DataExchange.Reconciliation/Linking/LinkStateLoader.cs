using DataExchange.Data;
using DataExchange.Data.Entities;
using DataExchange.Data.Entities.Reconciliation;
using DataExchange.Matching.Features;
using DataExchange.Matching.Scoring;
using DataExchange.Reconciliation.Children;
using Microsoft.EntityFrameworkCore;

namespace DataExchange.Reconciliation.Linking;

/// <summary>Builds the in-memory index from every linked, unretracted record in the database.</summary>
internal static class LinkStateLoader
{
    public static async Task<LinkState> LoadAsync(ExchangeDbContext db, Scorer scorer, CancellationToken cancellationToken)
    {
        var rows = await Linked(db, db.RecordLinks).OrderBy(row => row.Id).ToListAsync(cancellationToken);
        var features = new RecordFeatures[rows.Count];
        Parallel.For(0, rows.Count, i => features[i] = rows[i].Features());
        TermFrequencies.Count(features).ApplyAll(features);
        var clusterOfChild = new Dictionary<long, int>();
        var clusters = new int[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            if (!clusterOfChild.TryGetValue(rows[i].ChildId, out var cluster))
            {
                clusterOfChild[rows[i].ChildId] = cluster = clusterOfChild.Count;
            }

            clusters[i] = cluster;
        }

        return new LinkState([.. features], [.. rows.Select(row => row.Id)], [.. rows.Select(row => row.RecordVersion)], clusters, clusterOfChild.ToDictionary(pair => pair.Value, pair => pair.Key), scorer);
    }

    /// <summary>The unretracted records these links tie to their children: what the index holds of each (also read by LinkStateCatchUp).</summary>
    public static IQueryable<LinkedRow> Linked(ExchangeDbContext db, IQueryable<RecordLinkEntity> links) =>
        links.AsNoTracking().Join(db.SourceRecords.Where(record => !record.Retracted), link => link.SourceRecordId, record => record.Id,
            (link, record) => new LinkedRow { Id = record.Id, ChildId = link.ChildId, RecordVersion = link.RecordVersion, Agency = record.Agency, RawJson = record.RawJson });
}

/// <summary>One linked record as the index needs it: its id, child and linked version, and its raw form for the features.</summary>
internal sealed class LinkedRow
{
    public long Id { get; init; }
    public long ChildId { get; init; }
    public int RecordVersion { get; init; }
    public required string Agency { get; init; }
    public required string RawJson { get; init; }

    /// <summary>The record's match features, from its raw values (as dx link encodes a file's row).</summary>
    public RecordFeatures Features() => FeatureExtractor.Extract(StoredRecord.Raw(new SourceRecordEntity
    {
        Id = Id, Agency = Agency, SourceId = "", RawJson = RawJson, NormalizedJson = "{}", ContentHash = [],
    }));
}
