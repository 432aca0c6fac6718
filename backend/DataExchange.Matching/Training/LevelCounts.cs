namespace DataExchange.Matching.Training;

/// <summary>
/// Comparison vectors aggregated by pattern: training and diagnostics only need how many pairs had each
/// vector, not the pairs themselves, so EM runs over a few thousand patterns instead of millions of pairs.
/// </summary>
public sealed class LevelCounts
{
    public Dictionary<ulong, long> Patterns { get; } = [];
    public long Pairs { get; private set; }

    /// <summary>Four bits per comparison: comparisons have at most 16 levels.</summary>
    public static ulong Encode(ReadOnlySpan<byte> levels)
    {
        ulong pattern = 0;
        for (var c = 0; c < levels.Length; c++)
        {
            pattern |= (ulong)levels[c] << (4 * c);
        }

        return pattern;
    }

    public static int Level(ulong pattern, int comparison) => (int)((pattern >> (4 * comparison)) & 0xF);

    public void Add(ulong pattern, long count = 1)
    {
        Patterns[pattern] = Patterns.GetValueOrDefault(pattern) + count;
        Pairs += count;
    }

    public void Merge(LevelCounts other)
    {
        foreach (var (pattern, count) in other.Patterns)
        {
            Add(pattern, count);
        }
    }

    /// <summary>Pairs per level for one comparison.</summary>
    public long[] PerLevel(int comparison, int levels)
    {
        var counts = new long[levels];
        foreach (var (pattern, count) in Patterns)
        {
            counts[Level(pattern, comparison)] += count;
        }

        return counts;
    }
}
