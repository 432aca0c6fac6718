using DataExchange.Matching.Blocking;
using DataExchange.Matching.Clustering;

namespace DataExchange.Matching.Linking;

/// <summary>What one partition of a partitioned run found: its blocks' scored pairs (record numbers of the shared input).</summary>
public sealed record PartialLink(
    BlockPartition Partition, List<ScoredPair> Pairs, long Comparisons, long[] PairsByRule, int SplitBlocks, int LargestBlock, TimeSpan CompareTime);
