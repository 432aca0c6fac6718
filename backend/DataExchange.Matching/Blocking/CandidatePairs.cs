using DataExchange.Matching.Features;

namespace DataExchange.Matching.Blocking;

/// <summary>
/// Enumerates the candidate pairs the blocking rules produce, each pair exactly once (Splink's rule: a pair
/// found by rule r is skipped when an earlier rule, or a smaller key of the same rule, also finds it).
/// No block is skipped: a block above <see cref="MaxBlockSize"/> is split by <see cref="SubBlocking"/> (the record's
/// key is replaced by its part's key, so "found elsewhere" stays exact), which keeps comparisons per record bounded
/// as the population grows. Blocks are visited in parallel; the visitor gets a per-thread state so the pair loop
/// shares nothing. With a <see cref="Partition"/> only the blocks whose key falls in it are enumerated, so N
/// processes over the same records enumerate every pair exactly once between them.
/// </summary>
public sealed class CandidatePairs
{
    private readonly IReadOnlyList<BlockingRule> rules;
    private readonly int slots;
    private readonly ulong[] keys;

    public CandidatePairs(IReadOnlyList<RecordFeatures> records, IReadOnlyList<BlockingRule> rules, int maxBlockSize = SubBlocking.DefaultMaxBlockSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBlockSize, 2);
        this.rules = rules;
        Records = records;
        MaxBlockSize = maxBlockSize;
        slots = rules.Count * BlockingRule.MaxKeys;
        keys = new ulong[checked(records.Count * slots)];
        Parallel.For(0, records.Count, i => WriteKeys(rules, records[i], keys.AsSpan(i * slots, slots)));
    }

    public IReadOnlyList<RecordFeatures> Records { get; }
    public int MaxBlockSize { get; }

    /// <summary>Enumerate only this share of the blocks; null: all of them.</summary>
    public BlockPartition? Partition { get; init; }

    /// <summary>Per rule: pairs it contributed that no earlier rule had (in this partition).</summary>
    public long[] PairsByRule { get; private set; } = [];

    /// <summary>Blocks above <see cref="MaxBlockSize"/> that were split into parts (none is ever skipped).</summary>
    public int SplitBlocks { get; private set; }

    /// <summary>Parts still above the bound after every splitting field (their records agree on all of them): compared whole.</summary>
    public int BlocksAboveBound { get; private set; }

    /// <summary>The largest block (or part) whose pairs were enumerated.</summary>
    public int LargestBlock { get; private set; }

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
        SplitBlocks = BlocksAboveBound = LargestBlock = 0;
        for (var rule = 0; rule < rules.Count; rule++)
        {
            var (blockKeys, entries) = SortedEntries(rule);
            var blocks = Blocks(blockKeys, entries);
            long pairs = 0;
            var currentRule = rule;
            Parallel.For(0, blocks.Count, () => (State: createState(), Pairs: 0L), (b, _, local) =>
            {
                var (start, length) = blocks[b];
                for (var i = start; i < start + length; i++)
                {
                    for (var j = i + 1; j < start + length; j++)
                    {
                        int x = entries[i] / slots, y = entries[j] / slots;
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

    /// <summary>
    /// True when an earlier rule, or a smaller shared key of this rule, already yields the pair. Valid for the rules
    /// <see cref="ForEach"/> has reached (their keys are final once their blocks are split).
    /// </summary>
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
                    if (a[i] == b[j] && (r < rule || a[i] < key))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>After <see cref="ForEach"/>: true when the two records were a candidate pair (they share a final key).</summary>
    public bool AreCandidates(int x, int y)
    {
        var a = keys.AsSpan(x * slots, slots);
        var b = keys.AsSpan(y * slots, slots);
        for (var r = 0; r < rules.Count; r++)
        {
            for (var i = r * BlockingRule.MaxKeys; i < (r + 1) * BlockingRule.MaxKeys && a[i] != 0; i++)
            {
                for (var j = r * BlockingRule.MaxKeys; j < (r + 1) * BlockingRule.MaxKeys && b[j] != 0; j++)
                {
                    if (a[i] == b[j])
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>True when the rules' keys before any split put the two records in one block.</summary>
    public bool ShareAnUnsplitKey(int x, int y)
    {
        Span<ulong> a = stackalloc ulong[slots];
        Span<ulong> b = stackalloc ulong[slots];
        WriteKeys(rules, Records[x], a);
        WriteKeys(rules, Records[y], b);
        for (var i = 0; i < slots; i++)
        {
            for (var j = i / BlockingRule.MaxKeys * BlockingRule.MaxKeys; j < (i / BlockingRule.MaxKeys + 1) * BlockingRule.MaxKeys; j++)
            {
                if (a[i] != 0 && a[i] == b[j])
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The rule's keys, sorted, each with its slot in <see cref="keys"/> (record = slot / slots).</summary>
    private (ulong[] Keys, int[] Entries) SortedEntries(int rule)
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
        var entries = new int[count];
        var n = 0;
        for (var i = 0; i < Records.Count; i++)
        {
            for (var k = 0; k < BlockingRule.MaxKeys; k++)
            {
                var slot = i * slots + rule * BlockingRule.MaxKeys + k;
                if (keys[slot] != 0)
                {
                    blockKeys[n] = keys[slot];
                    entries[n++] = slot;
                }
            }
        }

        Array.Sort(blockKeys, entries);
        return (blockKeys, entries);
    }

    private List<(int Start, int Length)> Blocks(ulong[] blockKeys, int[] entries)
    {
        var blocks = new List<(int, int)>();
        Collect(blockKeys, entries, 0, blockKeys.Length, -1, blocks);
        // Big blocks first so that the parallel loop does not end on one long straggler.
        blocks.Sort((p, q) => q.Item2.CompareTo(p.Item2));
        return blocks;
    }

    /// <summary>The blocks of a sorted run of entries; a block above the bound is split at the next level, in place.</summary>
    private void Collect(ulong[] blockKeys, int[] entries, int from, int to, int level, List<(int, int)> blocks)
    {
        for (var start = from; start < to;)
        {
            var end = start + 1;
            while (end < to && blockKeys[end] == blockKeys[start])
            {
                end++;
            }

            var length = end - start;
            if (length > MaxBlockSize && level + 1 < SubBlocking.Levels)
            {
                Split(blockKeys, entries, start, length, level + 1);
                SplitBlocks += level < 0 ? 1 : 0;
                Collect(blockKeys, entries, start, end, level + 1, blocks);
            }
            else if (length > 1)
            {
                BlocksAboveBound += length > MaxBlockSize ? 1 : 0;
                if (Partition is null || Partition.Value.Holds(blockKeys[start]))
                {
                    LargestBlock = Math.Max(LargestBlock, length);
                    blocks.Add((start, length));
                }
            }

            start = end;
        }
    }

    /// <summary>Gives each entry of the block its part's key (in the sort arrays and in the record's slot) and sorts the block by it.</summary>
    private void Split(ulong[] blockKeys, int[] entries, int start, int length, int level)
    {
        for (var i = start; i < start + length; i++)
        {
            var refined = SubBlocking.Refine(blockKeys[i], Records[entries[i] / slots], level);
            blockKeys[i] = refined;
            keys[entries[i]] = refined;
        }

        Array.Sort(blockKeys, entries, start, length);
    }
}
