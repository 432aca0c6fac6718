using DataExchange.Matching.Features;
using DataExchange.Matching.Scoring;

namespace DataExchange.Matching.Clustering;

/// <summary>
/// Turns scored pairs into children: strongest pairs first, union-find, and a merge only when no member of
/// one cluster is confidently different from a member of the other (<see cref="ConfidentlyDifferent"/>).
/// Review pairs are the unsure pairs left between two different clusters, one per pair of clusters.
/// </summary>
public static class Clusterer
{
    /// <summary>No real child has this many records; a bigger cluster would be a chain of errors.</summary>
    public const int MaxClusterSize = 16;

    public sealed record Result(int[] ClusterOf, int ClusterCount, List<ScoredPair> Review, int RefusedMerges);

    public static Result Cluster(IReadOnlyList<RecordFeatures> records, List<ScoredPair> pairs, Scorer scorer)
    {
        pairs.Sort((p, q) => q.Score != p.Score ? q.Score.CompareTo(p.Score) : p.A != q.A ? p.A.CompareTo(q.A) : p.B.CompareTo(q.B));
        var parent = new int[records.Count];
        for (var i = 0; i < parent.Length; i++)
        {
            parent[i] = i;
        }

        var members = new Dictionary<int, List<int>>();
        var refused = 0;
        var unsure = new List<ScoredPair>();
        foreach (var pair in pairs)
        {
            if (pair.Score < scorer.Model.LinkThreshold)
            {
                unsure.Add(pair);
                continue;
            }

            int ra = Find(parent, pair.A), rb = Find(parent, pair.B);
            if (ra == rb)
            {
                continue;
            }

            if (ConfidentlyDifferent.OnlyAStewardMayLink(records[pair.A], records[pair.B]))
            {
                unsure.Add(pair);
                continue;
            }

            var ma = Members(members, ra);
            var mb = Members(members, rb);
            if (ma.Count + mb.Count > MaxClusterSize || AnyConfidentlyDifferent(records, ma, mb, scorer))
            {
                refused++;
                // A strong pair kept apart only because of another member is something a steward should see.
                if (!ConfidentlyDifferent.Check(records[pair.A], records[pair.B], scorer)
                    || ConfidentlyDifferent.WorthAStewardsLook(records[pair.A], records[pair.B]))
                {
                    unsure.Add(pair);
                }

                continue;
            }

            // Union by size keeps Find shallow.
            var (big, small) = ma.Count >= mb.Count ? (ra, rb) : (rb, ra);
            parent[small] = big;
            Members(members, big).AddRange(Members(members, small));
            members.Remove(small);
        }

        return Finish(parent, unsure, refused);
    }

    private static Result Finish(int[] parent, List<ScoredPair> unsure, int refused)
    {
        // Child numbers in order of each child's first record: stable for the same input.
        var clusterOf = new int[parent.Length];
        var numberOfRoot = new Dictionary<int, int>();
        for (var i = 0; i < parent.Length; i++)
        {
            var root = Find(parent, i);
            if (!numberOfRoot.TryGetValue(root, out var number))
            {
                number = numberOfRoot.Count;
                numberOfRoot[root] = number;
            }

            clusterOf[i] = number;
        }

        var bestPerClusterPair = new Dictionary<(int, int), ScoredPair>();
        foreach (var pair in unsure)
        {
            int ca = clusterOf[pair.A], cb = clusterOf[pair.B];
            if (ca == cb)
            {
                continue;
            }

            var key = (Math.Min(ca, cb), Math.Max(ca, cb));
            if (!bestPerClusterPair.TryGetValue(key, out var best) || pair.Score > best.Score)
            {
                bestPerClusterPair[key] = pair;
            }
        }

        var review = bestPerClusterPair.Values.OrderByDescending(p => p.Score).ThenBy(p => p.A).ThenBy(p => p.B).ToList();
        return new Result(clusterOf, numberOfRoot.Count, review, refused);
    }

    private static bool AnyConfidentlyDifferent(IReadOnlyList<RecordFeatures> records, List<int> a, List<int> b, Scorer scorer)
    {
        foreach (var x in a)
        {
            foreach (var y in b)
            {
                if (ConfidentlyDifferent.Check(records[x], records[y], scorer))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static List<int> Members(Dictionary<int, List<int>> members, int root)
    {
        if (!members.TryGetValue(root, out var list))
        {
            list = [root];
            members[root] = list;
        }

        return list;
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
