using DataExchange.Data;
using DataExchange.Data.Entities;
using DataExchange.Data.Entities.Reconciliation;
using DataExchange.Matching.Clustering;
using DataExchange.Matching.Features;
using DataExchange.Matching.Scoring;
using Microsoft.EntityFrameworkCore;

namespace DataExchange.Reconciliation.Linking;

/// <summary>A review pair the incremental linker found for one arriving record (slots of the in-memory index).</summary>
internal sealed record Proposal(SourceRecordEntity Record, ReviewPair Pair);

/// <summary>
/// The incremental linker's review queue kept as the batch keeps it: at most one open candidate per two children (the
/// pair between them most probably one child), judged by the same <see cref="Scorer.JudgeApart"/>, and withdrawn
/// (<c>superseded</c>) once it no longer stands for two children: its records ended up in one child, one of them was
/// retracted, or one changed and no longer proposes the pair. Without that, every slice of a second agency's file
/// proposed pairs the batch would never show, and they stayed open.
/// </summary>
internal static class ReviewProposals
{
    public const string Open = "open", Superseded = "superseded";

    /// <summary>The best pair between the record at <paramref name="slot"/> and a member of another child, if a steward should see it.</summary>
    public static ReviewPair? Best(Scorer scorer, LinkState index, RecordFeatures features, int slot, int otherCluster)
    {
        ReviewPair? best = null;
        foreach (var member in index.Members(otherCluster))
        {
            if (member == slot)
            {
                continue;
            }

            var weight = scorer.Score(features, index.Features[member]);
            var (evidence, probability, queued) = scorer.JudgeApart(features, index.Features[member], weight);
            var pair = new ReviewPair(slot, member, (float)weight, probability, evidence);
            if (queued && (best is not { } current || Clusterer.Better(pair, current)))
            {
                best = pair;
            }
        }

        return best;
    }

    /// <summary>
    /// Writes a slice's proposals: one per two children (the better of the slice's and any open candidate between the
    /// same children), re-opening a decided pair only when one of its records changed; withdraws the slice's records'
    /// open candidates that no longer stand. Returns the candidates opened or updated.
    /// </summary>
    public static async Task<int> WriteAsync(ExchangeDbContext db, Scorer scorer, LinkState index, IReadOnlyList<SourceRecordEntity> slice,
        List<Proposal> proposals, DateTime now, CancellationToken cancellationToken)
    {
        // The slice's best proposal per two children (clusters as they are after the whole slice was placed).
        var best = new Dictionary<(int, int), Proposal>();
        foreach (var proposal in proposals)
        {
            if (ClustersOf(index, proposal.Pair) is not { } key)
            {
                continue;
            }

            if (!best.TryGetValue(key, out var current) || Clusterer.Better(proposal.Pair, current.Pair))
            {
                best[key] = proposal;
            }
        }

        // Every candidate touching a record of the slice or of the children proposed for, with its record versions.
        var involved = slice.Select(record => record.Id).ToHashSet();
        foreach (var key in best.Keys)
        {
            foreach (var slot in index.Members(key.Item1).Concat(index.Members(key.Item2)))
            {
                if (index.RecordAt(slot) is { } id)
                {
                    involved.Add(id);
                }
            }
        }

        var ids = involved.ToList();
        var existing = new List<MatchCandidateEntity>();
        foreach (var chunk in ids.Chunk(5_000))
        {
            existing.AddRange(await db.MatchCandidates.Where(c => EF.Parameter(chunk).Contains(c.RecordAId) || EF.Parameter(chunk).Contains(c.RecordBId))
                .ToListAsync(cancellationToken));
        }

        var byPair = existing.DistinctBy(c => c.Id).ToDictionary(c => (c.RecordAId, c.RecordBId));
        var openByClusters = byPair.Values.Where(c => c.Status == Open)
            .Select(c => (Candidate: c, Key: ClustersOf(index, c.RecordAId, c.RecordBId)))
            .Where(x => x.Key is not null).GroupBy(x => x.Key!.Value).ToDictionary(g => g.Key, g => g.Select(x => x.Candidate).ToList());

        var otherIds = best.Values.Select(p => index.RecordAt(p.Pair.B)).OfType<long>().ToList();
        var versions = await db.SourceRecords.AsNoTracking().Where(record => EF.Parameter(otherIds).Contains(record.Id))
            .Select(record => new { record.Id, record.Version }).ToDictionaryAsync(record => record.Id, record => record.Version, cancellationToken);
        var count = 0;
        var proposed = new HashSet<(long, long)>();
        foreach (var (key, proposal) in best)
        {
            if (index.RecordAt(proposal.Pair.B) is not { } otherId || !versions.TryGetValue(otherId, out var otherVersion))
            {
                continue;
            }

            var record = proposal.Record;
            var (a, aVersion, aSlot, b, bVersion, bSlot) = record.Id < otherId
                ? (record.Id, record.Version, proposal.Pair.A, otherId, otherVersion, proposal.Pair.B)
                : (otherId, otherVersion, proposal.Pair.B, record.Id, record.Version, proposal.Pair.A);
            var rivals = openByClusters.GetValueOrDefault(key) ?? [];
            // An open candidate between the same two children that is at least as probable already stands for them.
            if (rivals.Any(rival => (rival.RecordAId, rival.RecordBId) != (a, b) && rival.Probability >= proposal.Pair.Probability))
            {
                continue;
            }

            foreach (var rival in rivals.Where(rival => (rival.RecordAId, rival.RecordBId) != (a, b)))
            {
                Withdraw(rival, now);
            }

            proposed.Add((a, b));
            var (weight, parts) = Breakdown.Of(scorer, index.Features[aSlot], index.Features[bSlot]);
            if (!byPair.TryGetValue((a, b), out var stored))
            {
                var candidate = NewCandidate(a, aVersion, b, bVersion, weight, proposal.Pair.Probability, parts, record.RegionCode, now);
                db.MatchCandidates.Add(candidate);
                byPair[(a, b)] = candidate;
                count++;
                continue;
            }

            // A steward's decision holds until one of the two records changes.
            var sameVersions = stored.RecordAVersion == aVersion && stored.RecordBVersion == bVersion;
            if (stored.Status == Open || !sameVersions)
            {
                stored.Status = Open;
                stored.RecordAVersion = aVersion;
                stored.RecordBVersion = bVersion;
                stored.Weight = weight;
                stored.Probability = proposal.Pair.Probability;
                stored.BreakdownJson = Breakdown.Serialize(parts);
                stored.Version++;
                stored.UpdatedAt = now;
                count++;
            }
        }

        WithdrawStale(index, slice, byPair.Values, proposed, now);
        return count;
    }

    /// <summary>
    /// Open candidates of the slice's records that no longer stand for two children: both records in one child, a record
    /// retracted, or a record changed since the pair was proposed and the pair not proposed again.
    /// </summary>
    private static void WithdrawStale(LinkState index, IReadOnlyList<SourceRecordEntity> slice, IEnumerable<MatchCandidateEntity> candidates,
        HashSet<(long, long)> proposed, DateTime now)
    {
        var sliced = slice.ToDictionary(record => record.Id);
        foreach (var candidate in candidates.Where(c => c.Status == Open && !proposed.Contains((c.RecordAId, c.RecordBId))))
        {
            var a = sliced.GetValueOrDefault(candidate.RecordAId);
            var b = sliced.GetValueOrDefault(candidate.RecordBId);
            if (a is null && b is null)
            {
                continue;
            }

            var retracted = a?.Retracted == true || b?.Retracted == true;
            var changed = (a is not null && a.Version != candidate.RecordAVersion) || (b is not null && b.Version != candidate.RecordBVersion);
            if (retracted || changed || ClustersOf(index, candidate.RecordAId, candidate.RecordBId) is null)
            {
                Withdraw(candidate, now);
            }
        }
    }

    private static void Withdraw(MatchCandidateEntity candidate, DateTime now)
    {
        candidate.Status = Superseded;
        candidate.Version++;
        candidate.UpdatedAt = now;
    }

    /// <summary>The two children (clusters) of a pair, lower first; null when both are in one child or a record is not indexed.</summary>
    private static (int, int)? ClustersOf(LinkState index, ReviewPair pair) =>
        index.ClusterOfSlot.TryGetValue(pair.A, out var a) && index.ClusterOfSlot.TryGetValue(pair.B, out var b) && a != b
            ? (Math.Min(a, b), Math.Max(a, b))
            : null;

    private static (int, int)? ClustersOf(LinkState index, long recordA, long recordB) =>
        index.SlotOf.TryGetValue(recordA, out var a) && index.SlotOf.TryGetValue(recordB, out var b)
            ? ClustersOf(index, new ReviewPair(a, b, 0, 0, default))
            : null;

    public static MatchCandidateEntity NewCandidate(long a, int aVersion, long b, int bVersion, double weight, double probability,
        List<ComparisonPart> parts, string region, DateTime now) => new()
    {
        RecordAId = a,
        RecordAVersion = aVersion,
        RecordBId = b,
        RecordBVersion = bVersion,
        Weight = weight,
        Probability = probability,
        BreakdownJson = Breakdown.Serialize(parts),
        Status = Open,
        Version = 1,
        RegionCode = region,
        CreatedAt = now,
        UpdatedAt = now,
    };
}
