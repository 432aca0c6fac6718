using DataExchange.Matching.Calibration;
using DataExchange.Matching.Features;
using DataExchange.Matching.Scoring;

namespace DataExchange.Matching.Clustering;

/// <summary>
/// Turns scored pairs into children: strongest pairs first, union-find, and a merge only when no member of
/// one cluster is confidently different from a member of the other (<see cref="ConfidentlyDifferent"/>).
/// Review pairs are the best pair between two different clusters, one per pair of clusters, judged after all the
/// evidence (see <see cref="Scorer.JudgeApart"/>).
/// </summary>
public static class Clusterer
{
    /// <summary>No real child has this many records; a bigger cluster would be a chain of errors.</summary>
    public const int MaxClusterSize = 16;

    public sealed record Result(int[] ClusterOf, int ClusterCount, List<ReviewPair> Review, int RefusedMerges);

    public static Result Cluster(IReadOnlyList<RecordFeatures> records, List<ScoredPair> pairs, Scorer scorer)
    {
        pairs.Sort((p, q) => q.Score != p.Score ? q.Score.CompareTo(p.Score) : p.A != q.A ? p.A.CompareTo(q.A) : p.B.CompareTo(q.B));
        var parent = new int[records.Count];
        for (var i = 0; i < parent.Length; i++)
        {
            parent[i] = i;
        }

        // Members of each cluster as a circular list through next[] (size by root): two ints a record instead of a
        // list object per cluster, which at ten million children was a gigabyte.
        var next = new int[records.Count];
        var size = new int[records.Count];
        for (var i = 0; i < next.Length; i++)
        {
            next[i] = i;
            size[i] = 1;
        }

        var refused = 0;
        foreach (var pair in pairs)
        {
            if (pair.Score < scorer.Model.LinkThreshold)
            {
                // Sorted strongest first: nothing after this links.
                break;
            }

            int ra = Find(parent, pair.A), rb = Find(parent, pair.B);
            if (ra == rb || ConfidentlyDifferent.OnlyAStewardMayLink(records[pair.A], records[pair.B]))
            {
                continue;
            }

            if (size[ra] + size[rb] > MaxClusterSize || AnyConfidentlyDifferent(records, next, ra, rb, scorer))
            {
                refused++;
                continue;
            }

            // Union by size keeps Find shallow; swapping the two successors splices the two circles into one.
            var (big, small) = size[ra] >= size[rb] ? (ra, rb) : (rb, ra);
            parent[small] = big;
            size[big] += size[small];
            (next[big], next[small]) = (next[small], next[big]);
        }

        return Finish(records, parent, pairs, refused, scorer);
    }

    /// <summary>
    /// Numbers the children and picks the review pairs: for each two children, the pair between them that is most
    /// probably one child after all the evidence (<see cref="Scorer.JudgeApart"/>), when that probability reaches the
    /// review floor. Every kept pair is a candidate, linked-strength or not: what kept two children apart is evidence
    /// the calibration weighs, not a reason to hide the pair or to show it at its raw score.
    /// </summary>
    private static Result Finish(IReadOnlyList<RecordFeatures> records, int[] parent, List<ScoredPair> pairs, int refused, Scorer scorer)
    {
        // Child numbers in order of each child's first record: stable for the same input.
        var clusterOf = new int[parent.Length];
        var numberOfRoot = new int[parent.Length];
        Array.Fill(numberOfRoot, -1);
        var clusterCount = 0;
        for (var i = 0; i < parent.Length; i++)
        {
            var root = Find(parent, i);
            if (numberOfRoot[root] < 0)
            {
                numberOfRoot[root] = clusterCount++;
            }

            clusterOf[i] = numberOfRoot[root];
        }

        var bestPerClusterPair = new Dictionary<(int, int), ReviewPair>();
        foreach (var pair in pairs)
        {
            int ca = clusterOf[pair.A], cb = clusterOf[pair.B];
            if (ca == cb)
            {
                continue;
            }

            var (evidence, probability, queued) = scorer.JudgeApart(records[pair.A], records[pair.B], pair.Score);
            if (!queued)
            {
                continue;
            }

            var key = (Math.Min(ca, cb), Math.Max(ca, cb));
            var candidate = new ReviewPair(pair.A, pair.B, pair.Score, probability, evidence);
            if (!bestPerClusterPair.TryGetValue(key, out var best) || Better(candidate, best))
            {
                bestPerClusterPair[key] = candidate;
            }
        }

        var review = bestPerClusterPair.Values.OrderByDescending(p => p.Probability).ThenByDescending(p => p.Score).ThenBy(p => p.A).ThenBy(p => p.B).ToList();
        return new Result(clusterOf, clusterCount, review, refused);
    }

    /// <summary>The pair that represents two children in review: most probably one child, then the higher weight, then the lower records.</summary>
    public static bool Better(ReviewPair candidate, ReviewPair best) =>
        candidate.Probability != best.Probability ? candidate.Probability > best.Probability
        : candidate.Score != best.Score ? candidate.Score > best.Score
        : (candidate.A, candidate.B).CompareTo((best.A, best.B)) < 0;

    private static bool AnyConfidentlyDifferent(IReadOnlyList<RecordFeatures> records, int[] next, int a, int b, Scorer scorer)
    {
        var x = a;
        do
        {
            var y = b;
            do
            {
                if (ConfidentlyDifferent.Check(records[x], records[y], scorer))
                {
                    return true;
                }

                y = next[y];
            }
            while (y != b);

            x = next[x];
        }
        while (x != a);

        return false;
    }

    private static int Find(int[] parent, int i)
    {
        while (parent[i] != i)
        {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }

        return i;
    }
}
