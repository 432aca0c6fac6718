using DataExchange.Matching.Features;

namespace DataExchange.Matching.Blocking;

/// <summary>
/// Enumerates the candidate pairs the blocking rules produce, each pair exactly once (Splink's rule: a pair
/// found by rule r is skipped when an earlier rule, or a smaller key of the same rule, also finds it).
/// Blocks are visited in parallel; the visitor gets a per-thread state so the pair loop shares nothing.
/// </summary>
public sealed class CandidatePairs
{
    private readonly IReadOnlyList<BlockingRule> rules;
    private readonly int slots;
    private readonly ulong[] keys;

    // Keys of blocks too big to enumerate, per rule: a pair sharing only such a key was not "found" there.
    private readonly HashSet<ulong>[] oversized;

    public CandidatePairs(IReadOnlyList<RecordFeatures> records, IReadOnlyList<BlockingRule> rules, int maxBlockSize = 1000)
    {
        this.rules = rules;
        Records = records;
        MaxBlockSize = maxBlockSize;
        slots = rules.Count * BlockingRule.MaxKeys;
        keys = new ulong[records.Count * slots];
        oversized = [.. rules.Select(_ => new HashSet<ulong>())];
        Parallel.For(0, records.Count, i => WriteKeys(rules, records[i], keys.AsSpan(i * slots, slots)));
    }

    public IReadOnlyList<RecordFeatures> Records { get; }
    public int MaxBlockSize { get; }

    /// <summary>Per rule: pairs it contributed that no earlier rule had.</summary>
    public long[] PairsByRule { get; private set; } = [];

    /// <summary>Blocks larger than <see cref="MaxBlockSize"/> that were skipped (their pairs rely on the other rules).</summary>
    public int SkippedBlocks { get; private set; }

    /// <summary>Writes one record's keys for every rule into a slot array (rule-major, <see cref="BlockingRule.MaxKeys"/> per rule).</summary>
    public static void WriteKeys(IReadOnlyList<BlockingRule> rules, RecordFeatures record, Span<ulong> destination)
    {
        destination.Clear();
        for (var r = 0; r < rules.Count; r++)
        {
            rules[r].Keys(record, destination.Slice(r * BlockingRule.MaxKeys, BlockingRule.MaxKeys));
        }
    }

    public void ForEach<TState>(Func<TState> createState, Action<int, int, TState> visit, Action<TState> finish)
    {
        PairsByRule = new long[rules.Count];
        SkippedBlocks = 0;
        for (var rule = 0; rule < rules.Count; rule++)
        {
            var (blockKeys, members) = SortedEntries(rule);
            var blocks = Blocks(blockKeys, oversized[rule]);
            long pairs = 0;
            var currentRule = rule;
            Parallel.For(0, blocks.Count, () => (State: createState(), Pairs: 0L), (b, _, local) =>
            {
                var (start, length) = blocks[b];
                for (var i = start; i < start + length; i++)
                {
                    for (var j = i + 1; j < start + length; j++)
                    {
                        int x = members[i], y = members[j];
                        if (x == y || FoundElsewhere(x, y, currentRule, blockKeys[i]))
                        {
                            continue;
                        }

                        visit(Math.Min(x, y), Math.Max(x, y), local.State);
                        local.Pairs++;
                    }
                }

                return local;
            }, local =>
            {
                Interlocked.Add(ref pairs, local.Pairs);
                lock (PairsByRule)
                {
                    finish(local.State);
                }
            });
            PairsByRule[rule] = pairs;
        }
    }

    /// <summary>True when an earlier rule, or a smaller shared key of this rule, already yields the pair.</summary>
    public bool FoundElsewhere(int x, int y, int rule, ulong key)
    {
        var a = keys.AsSpan(x * slots, slots);
        var b = keys.AsSpan(y * slots, slots);
        for (var r = 0; r <= rule; r++)
        {
            for (var i = r * BlockingRule.MaxKeys; i < (r + 1) * BlockingRule.MaxKeys && a[i] != 0; i++)
            {
                for (var j = r * BlockingRule.MaxKeys; j < (r + 1) * BlockingRule.MaxKeys && b[j] != 0; j++)
                {
                    if (a[i] == b[j] && (r < rule || a[i] < key) && !oversized[r].Contains(a[i]))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    private (ulong[] Keys, int[] Members) SortedEntries(int rule)
    {
        var count = 0;
        for (var i = 0; i < Records.Count; i++)
        {
            for (var k = 0; k < BlockingRule.MaxKeys; k++)
            {
                count += keys[i * slots + rule * BlockingRule.MaxKeys + k] != 0 ? 1 : 0;
            }
        }

        var blockKeys = new ulong[count];
        var members = new int[count];
        var n = 0;
        for (var i = 0; i < Records.Count; i++)
        {
            for (var k = 0; k < BlockingRule.MaxKeys; k++)
            {
                var key = keys[i * slots + rule * BlockingRule.MaxKeys + k];
                if (key != 0)
                {
                    blockKeys[n] = key;
                    members[n++] = i;
                }
            }
        }

        Array.Sort(blockKeys, members);
        return (blockKeys, members);
    }

    private List<(int Start, int Length)> Blocks(ulong[] blockKeys, HashSet<ulong> tooBig)
    {
        var blocks = new List<(int, int)>();
        for (var start = 0; start < blockKeys.Length;)
        {
            var end = start + 1;
            while (end < blockKeys.Length && blockKeys[end] == blockKeys[start])
            {
                end++;
            }

            if (end - start > MaxBlockSize)
            {
                SkippedBlocks++;
                tooBig.Add(blockKeys[start]);
            }
            else if (end - start > 1)
            {
                blocks.Add((start, end - start));
            }

            start = end;
        }

        // Big blocks first so that the parallel loop does not end on one long straggler.
        blocks.Sort((p, q) => q.Item2.CompareTo(p.Item2));
        return blocks;
    }
}
