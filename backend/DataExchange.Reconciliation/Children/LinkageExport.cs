using System.Globalization;
using System.Text;
using DataExchange.Data;
using DataExchange.Domain.Agencies;
using DataExchange.Matching.Evaluation;
using DataExchange.Matching.Features;
using DataExchange.Matching.Io;
using Microsoft.EntityFrameworkCore;

namespace DataExchange.Reconciliation.Children;

/// <summary>The live database's linkage in dx link's shape: every active record with its child, and the open review pairs.</summary>
public sealed class LinkageExport
{
    public required List<(Agency Agency, string SourceId, string ChildId, string RawJson)> Links { get; init; }
    public required List<(int A, int B, double Weight, double Probability)> Review { get; init; }

    public static async Task<LinkageExport> ReadAsync(ExchangeDbContext db, CancellationToken cancellationToken)
    {
        var rows = await db.SourceRecords.AsNoTracking().Where(record => !record.Retracted)
            .GroupJoin(db.RecordLinks, record => record.Id, link => link.SourceRecordId, (record, links) => new { record, links })
            .SelectMany(x => x.links.DefaultIfEmpty(), (x, link) => new { x.record.Id, x.record.Agency, x.record.SourceId, x.record.RawJson, ChildId = link == null ? (long?)null : link.ChildId })
            .OrderBy(row => row.Id).ToListAsync(cancellationToken);
        var publicIds = await db.Children.AsNoTracking().Select(child => new { child.Id, child.PublicId }).ToDictionaryAsync(c => c.Id, c => c.PublicId, cancellationToken);
        var position = new Dictionary<long, int>(rows.Count);
        var links = new List<(Agency, string, string, string)>(rows.Count);
        foreach (var row in rows)
        {
            position[row.Id] = links.Count;
            AgencyCodes.TryParse(row.Agency, out var agency);
            var child = row.ChildId is { } id && publicIds.TryGetValue(id, out var publicId) ? publicId : "unlinked-" + row.Id.ToString(CultureInfo.InvariantCulture);
            links.Add((agency, row.SourceId, child, row.RawJson));
        }

        var open = await db.MatchCandidates.AsNoTracking().Where(candidate => candidate.Status == "open").OrderBy(candidate => candidate.Id)
            .Select(candidate => new { candidate.RecordAId, candidate.RecordBId, candidate.Weight, candidate.Probability }).ToListAsync(cancellationToken);
        var review = open.Where(c => position.ContainsKey(c.RecordAId) && position.ContainsKey(c.RecordBId))
            .Select(c => (position[c.RecordAId], position[c.RecordBId], c.Weight, c.Probability)).ToList();
        return new LinkageExport { Links = links, Review = review };
    }

    /// <summary>Writes links.csv and review.csv exactly as exchange-format.md says.</summary>
    public void Write(string directory)
    {
        Directory.CreateDirectory(directory);
        using (var links = new StreamWriter(Path.Combine(directory, "links.csv"), false, new UTF8Encoding(false)))
        {
            links.Write("agency,source_id,child_id\n");
            foreach (var (agency, sourceId, child, _) in Links)
            {
                links.Write($"{agency.ToCode()},{Csv.Escape(sourceId)},{child}\n");
            }
        }

        using var review = new StreamWriter(Path.Combine(directory, "review.csv"), false, new UTF8Encoding(false));
        review.Write("agency_a,source_id_a,agency_b,source_id_b,score\n");
        foreach (var (a, b, _, probability) in Review)
        {
            review.Write($"{Links[a].Agency.ToCode()},{Csv.Escape(Links[a].SourceId)},{Links[b].Agency.ToCode()},{Csv.Escape(Links[b].SourceId)},{probability.ToString("0.0000", CultureInfo.InvariantCulture)}\n");
        }
    }

    /// <summary>Scores this linkage against a truth file with the matcher's own evaluation (the numbers dx link prints).</summary>
    public PairwiseEvaluation Evaluate(string truthPath)
    {
        var features = new RecordFeatures[Links.Count];
        Parallel.For(0, Links.Count, i => features[i] = FeatureExtractor.Extract(DataExchange.Data.Records.RecordJson.Deserialize(Links[i].Agency, Links[i].RawJson)));
        var clusterIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var clusterOf = Links.Select(link => clusterIds.TryGetValue(link.ChildId, out var c) ? c : clusterIds[link.ChildId] = clusterIds.Count).ToArray();
        var truth = LinkageFiles.ReadTruth(truthPath);
        Reliability = Matching.Evaluation.Reliability.Of([], [.. Review.Select(pair => (pair.Probability, Matching.Evaluation.Reliability.OneChild(features, truth)(pair.A, pair.B)))]);
        return PairwiseEvaluation.Evaluate(features, clusterOf, [.. Review.Select(pair => (pair.A, pair.B))], truth);
    }

    /// <summary>After <see cref="Evaluate"/>: the open candidates' scores against the truth (review bands only).</summary>
    public Reliability? Reliability { get; private set; }
}
