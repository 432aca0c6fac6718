using DataExchange.Domain.Records;
using DataExchange.Matching.Blocking;
using DataExchange.Matching.Clustering;
using DataExchange.Matching.Features;
using DataExchange.Matching.Scoring;

namespace DataExchange.Matching.Incremental;

/// <summary>
/// The children already known, indexed by the same blocking keys the batch uses, so one record can be
/// decided on arrival: candidates from the blocks, the same scorer, the same term frequencies, the same
/// link/review thresholds and the same confidently-different veto as the batch's clustering. A record
/// links to the child holding its best-scoring record, as the batch's strongest-pair-first merge does.
/// </summary>
public sealed class ChildIndex
{
    private Scorer scorer;
    private readonly IReadOnlyList<BlockingRule> rules;
    private readonly TermFrequencies frequencies;
    private readonly int maxBlockSize;
    private readonly List<RecordFeatures> records;
    private readonly List<int> childOf;
    private readonly Dictionary<int, List<int>> membersOf = [];
    private int nextChild;
    private readonly ulong[] sortedKeys;
    private readonly int[] sortedRecords;
    private readonly Dictionary<ulong, List<int>> added = [];

    public ChildIndex(IReadOnlyList<RecordFeatures> records, int[] childOf, Scorer scorer, TermFrequencies frequencies,
        IReadOnlyList<BlockingRule>? rules = null, int maxBlockSize = SubBlocking.DefaultMaxBlockSize)
    {
        this.scorer = scorer;
        this.frequencies = frequencies;
        this.rules = rules ?? BlockingRules.Default;
        this.maxBlockSize = maxBlockSize;
        this.records = [.. records];
        this.childOf = [.. childOf];
        for (var i = 0; i < records.Count; i++)
        {
            Members(childOf[i]).Add(i);
        }

        // One sorted array of (rule-salted key, record): compact and binary-searchable at a million children.
        var slots = this.rules.Count * BlockingRule.MaxKeys;
        var keys = new ulong[records.Count * slots];
        Parallel.For(0, records.Count, i => WriteSaltedKeys(records[i], keys.AsSpan(i * slots, slots)));
        var count = keys.Count(k => k != 0);
        sortedKeys = new ulong[count];
        sortedRecords = new int[count];
        for (int i = 0, n = 0; i < keys.Length; i++)
        {
            if (keys[i] != 0)
            {
                sortedKeys[n] = keys[i];
                sortedRecords[n++] = i / slots;
            }
        }

        Array.Sort(sortedKeys, sortedRecords);
    }

    public int RecordCount => records.Count;

    /// <summary>
    /// The scorer decisions use. A growing hub swaps in one whose prior fits its new size (<see cref="Scorer"/>'s
    /// records), as dx link scores a run at its own size; the blocks and records stay as they are.
    /// </summary>
    public Scorer Scorer
    {
        get => scorer;
        set => scorer = value;
    }

    /// <summary>Decides one record against the index. <paramref name="exclude"/> hides one indexed record (to replay a batch).</summary>
    public LinkDecision Decide(SourceRecord record) => Decide(FeatureExtractor.Extract(record));

    public LinkDecision Decide(RecordFeatures record, int exclude = -1)
    {
        frequencies.Apply(record);
        Span<ulong> keys = stackalloc ulong[rules.Count * BlockingRule.MaxKeys];
        WriteSaltedKeys(record, keys);
        var candidates = new HashSet<int>();
        foreach (var key in keys)
        {
            if (key != 0)
            {
                CollectBlock(key, record, candidates);
            }
        }

        candidates.Remove(exclude);
        // Per child: the best score of any of its records, and the best one that may link without a steward.
        var bestByChild = new Dictionary<int, double>();
        var bestAutomatic = new Dictionary<int, double>();
        foreach (var candidate in candidates)
        {
            var score = scorer.Score(record, records[candidate]);
            var child = childOf[candidate];
            if (!bestByChild.TryGetValue(child, out var best) || score > best)
            {
                bestByChild[child] = score;
            }

            if (score >= scorer.Model.LinkThreshold && !ConfidentlyDifferent.OnlyAStewardMayLink(record, records[candidate])
                && (!bestAutomatic.TryGetValue(child, out var automatic) || score > automatic))
            {
                bestAutomatic[child] = score;
            }
        }

        var ranked = bestByChild.Where(p => p.Value >= scorer.Model.ReviewThreshold)
            .OrderByDescending(p => p.Value).ThenBy(p => p.Key).Select(p => (p.Key, p.Value)).ToList();
        foreach (var (child, score) in bestAutomatic.OrderByDescending(p => p.Value).ThenBy(p => p.Key))
        {
            if (CanJoin(record, child, exclude))
            {
                return new LinkDecision(DecisionKind.Link, child, score, ranked);
            }
        }

        return ranked.Count > 0
            ? new LinkDecision(DecisionKind.Review, ranked[0].Key, ranked[0].Value, ranked)
            : new LinkDecision(DecisionKind.NewChild, -1, double.NegativeInfinity, ranked);
    }

    /// <summary>
    /// Decides a changed record: the indexed version (<paramref name="indexedRecord"/>) is hidden, so the
    /// record is judged on its new values against everyone else, as a batch rerun would judge it.
    /// </summary>
    public LinkDecision DecideChanged(int indexedRecord, SourceRecord updated) => Decide(FeatureExtractor.Extract(updated), indexedRecord);

    /// <summary>Adds a decided record to the index (a new child when it was not linked) and returns its child.</summary>
    public int Add(RecordFeatures record, LinkDecision decision)
    {
        var child = decision.Kind == DecisionKind.Link ? decision.Child : NextChild();
        var index = records.Count;
        records.Add(record);
        childOf.Add(child);
        Members(child).Add(index);
        Span<ulong> keys = stackalloc ulong[rules.Count * BlockingRule.MaxKeys];
        WriteSaltedKeys(record, keys);
        foreach (var key in keys)
        {
            if (key != 0)
            {
                if (!added.TryGetValue(key, out var list))
                {
                    added[key] = list = [];
                }

                list.Add(index);
            }
        }

        return child;
    }

    // A counter, not Max() over the children: that scan made every new child cost O(children).
    private int NextChild() => nextChild++;

    private bool CanJoin(RecordFeatures record, int child, int exclude)
    {
        var members = membersOf[child];
        if (members.Count - (members.Contains(exclude) ? 1 : 0) + 1 > Clusterer.MaxClusterSize)
        {
            return false;
        }

        foreach (var member in members)
        {
            if (member != exclude && ConfidentlyDifferent.Check(record, records[member], scorer))
            {
                return false;
            }
        }

        return true;
    }

    private void CollectBlock(ulong key, RecordFeatures newcomer, HashSet<int> into)
    {
        var start = LowerBound(key);
        var end = start;
        while (end < sortedKeys.Length && sortedKeys[end] == key)
        {
            end++;
        }

        var extra = added.TryGetValue(key, out var list) ? list : null;
        // The batch splits a block bigger than its bound by one more field at a time (SubBlocking); so does the index,
        // counting the newcomer, keeping only the block's records that agree with it on the splitting fields.
        if (end - start + (extra?.Count ?? 0) + 1 <= maxBlockSize)
        {
            for (var i = start; i < end; i++)
            {
                into.Add(sortedRecords[i]);
            }

            if (extra is not null)
            {
                into.UnionWith(extra);
            }

            return;
        }

        var members = new List<int>(end - start + (extra?.Count ?? 0));
        for (var i = start; i < end; i++)
        {
            members.Add(sortedRecords[i]);
        }

        members.AddRange(extra ?? []);
        for (var level = 0; level < SubBlocking.Levels && members.Count + 1 > maxBlockSize; level++)
        {
            var part = SubBlocking.Refine(key, newcomer, level);
            members = members.FindAll(m => SubBlocking.Refine(key, records[m], level) == part);
            key = part;
        }

        into.UnionWith(members);
    }

    private int LowerBound(ulong key)
    {
        int low = 0, high = sortedKeys.Length;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (sortedKeys[mid] < key)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }

    private void WriteSaltedKeys(RecordFeatures record, Span<ulong> keys)
    {
        CandidatePairs.WriteKeys(rules, record, keys);
        for (var i = 0; i < keys.Length; i++)
        {
            if (keys[i] != 0)
            {
                keys[i] = StableHash.Mix(keys[i], (ulong)(i / BlockingRule.MaxKeys) + 1) | 1;
            }
        }
    }

    private List<int> Members(int child)
    {
        if (!membersOf.TryGetValue(child, out var list))
        {
            membersOf[child] = list = [];
            nextChild = Math.Max(nextChild, child + 1);
        }

        return list;
    }
}
