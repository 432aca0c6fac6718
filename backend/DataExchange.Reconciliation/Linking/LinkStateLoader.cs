using DataExchange.Data;
using DataExchange.Data.Entities;
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
        var rows = await db.RecordLinks.AsNoTracking()
            .Join(db.SourceRecords.Where(record => !record.Retracted), link => link.SourceRecordId, record => record.Id,
                (link, record) => new { record.Id, link.ChildId, link.RecordVersion, record.Agency, record.RawJson })
            .OrderBy(row => row.Id).ToListAsync(cancellationToken);
        var features = new RecordFeatures[rows.Count];
        Parallel.For(0, rows.Count, i => features[i] = FeatureExtractor.Extract(StoredRecord.Raw(new SourceRecordEntity
        {
            Id = rows[i].Id, Agency = rows[i].Agency, SourceId = "", RawJson = rows[i].RawJson, NormalizedJson = "{}", ContentHash = [],
        })));
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
}
