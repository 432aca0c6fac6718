namespace DataExchange.Matching.Blocking;

/// <summary>
/// Share <see cref="Index"/> of <see cref="Count"/> of the blocks, by a hash of the block's (final) key. Every block
/// belongs to exactly one share, so the partitions' candidate pairs are disjoint and together are the single run's:
/// a child whose records are in two provinces is found in whichever share holds the block they meet in.
/// </summary>
public readonly record struct BlockPartition(int Index, int Count)
{
    public bool Holds(ulong blockKey) => (int)((blockKey * 0x9E3779B97F4A7C15UL >> 32) % (ulong)Count) == Index;

    public static BlockPartition Of(int index, int count)
    {
        if (count < 1 || index < 0 || index >= count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"partition {index} of {count}: give 0 <= K < N");
        }

        return new BlockPartition(index, count);
    }
}
