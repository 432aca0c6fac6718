using DataExchange.Matching.Blocking;
using DataExchange.Matching.Clustering;
using DataExchange.Matching.Training;

namespace DataExchange.Matching.Linking;

/// <summary>What a batch run decided, and what it cost.</summary>
public sealed class LinkResult
{
    public required int[] ClusterOf { get; init; }
    public required int ClusterCount { get; init; }
    /// <summary>One pair per two children a steward should look at, most probably one child first.</summary>
    public required List<ReviewPair> Review { get; init; }

    /// <summary>The review pairs' two records, for the evaluation.</summary>
    public IReadOnlyCollection<(int A, int B)> ReviewPairs => [.. Review.Select(pair => (pair.A, pair.B))];

    /// <summary>Pairs kept because they reached the review threshold (linked or not).</summary>
    public required List<ScoredPair> Kept { get; init; }

    public required long Comparisons { get; init; }
    public required long[] PairsByRule { get; init; }

    /// <summary>Blocks above the bound that were split by a second field (none is skipped).</summary>
    public int SplitBlocks { get; init; }

    /// <summary>Parts still above the bound after every splitting field, compared whole.</summary>
    public int BlocksAboveBound { get; init; }

    /// <summary>The largest block whose pairs were enumerated.</summary>
    public int LargestBlock { get; init; }

    /// <summary>With a truth: the true pairs blocking never compared, and those of them a split cost.</summary>
    public BlockingLoss? BlockingLoss { get; init; }

    public required int RefusedMerges { get; init; }

    /// <summary>Comparison vectors of every candidate pair, when asked for (diagnostics).</summary>
    public LevelCounts? Levels { get; init; }

    public required TimeSpan FeatureTime { get; init; }
    public required TimeSpan CompareTime { get; init; }

    /// <summary>Processor time the compare stage used (all threads): the honest per-core figure on a shared machine.</summary>
    public TimeSpan CompareCpuTime { get; init; }
    public required TimeSpan ClusterTime { get; init; }

    public string ChildId(int record) => "C" + (ClusterOf[record] + 1).ToString("D7", System.Globalization.CultureInfo.InvariantCulture);
}
