using System.Diagnostics;
using DataExchange.Domain.Records;
using DataExchange.Matching.Blocking;
using DataExchange.Matching.Clustering;
using DataExchange.Matching.Features;
using DataExchange.Matching.Scoring;
using DataExchange.Matching.Training;

namespace DataExchange.Matching.Linking;

/// <summary>
/// The batch run: features once per record, candidate pairs from the blocking rules, the scorer over every
/// pair (in parallel, no allocation per pair), then clustering with the confidently-different veto.
/// </summary>
public sealed class BatchLinker(Scorer scorer, IReadOnlyList<BlockingRule>? rules = null, int maxBlockSize = SubBlocking.DefaultMaxBlockSize)
{
    public IReadOnlyList<BlockingRule> Rules { get; } = rules ?? BlockingRules.Default;
    public int MaxBlockSize { get; } = maxBlockSize;

    public static RecordFeatures[] Extract(IReadOnlyList<SourceRecord> records)
    {
        var features = new RecordFeatures[records.Count];
        var interner = new FeatureInterner();
        Parallel.For(0, records.Count, i => features[i] = FeatureExtractor.Extract(records[i], interner));
        TermFrequencies.Count(features).ApplyAll(features);
        return features;
    }

    /// <param name="person">Optional truth (a person number per record): counts the true pairs blocking never compared.</param>
    public LinkResult Link(IReadOnlyList<RecordFeatures> records, bool collectLevels = false, TimeSpan featureTime = default, int[]? person = null)
    {
        var (candidates, kept, comparisons, levels, compareTime, compareCpu) = Compare(records, collectLevels, partition: null);
        var blocking = person is null ? null : BlockingLoss.Count(candidates, person);
        var clock = Stopwatch.StartNew();
        var clusters = Clusterer.Cluster(records, kept, scorer);
        return new LinkResult
        {
            ClusterOf = clusters.ClusterOf,
            ClusterCount = clusters.ClusterCount,
            Review = clusters.Review,
            Kept = kept,
            Comparisons = comparisons,
            PairsByRule = candidates.PairsByRule,
            SplitBlocks = candidates.SplitBlocks,
            BlocksAboveBound = candidates.BlocksAboveBound,
            LargestBlock = candidates.LargestBlock,
            BlockingLoss = blocking,
            RefusedMerges = clusters.RefusedMerges,
            Levels = levels,
            FeatureTime = featureTime,
            CompareTime = compareTime,
            CompareCpuTime = compareCpu,
            ClusterTime = clock.Elapsed,
        };
    }

    /// <summary>
    /// One partition's share of a partitioned run: the scored pairs (at or above the review threshold) of the blocks in
    /// <paramref name="partition"/>. The union of every partition's pairs is the single run's; <see cref="Cluster"/> turns it into children.
    /// </summary>
    public PartialLink LinkPartition(IReadOnlyList<RecordFeatures> records, BlockPartition partition)
    {
        var (candidates, kept, comparisons, _, compareTime, _) = Compare(records, collectLevels: false, partition);
        return new PartialLink(partition, kept, comparisons, candidates.PairsByRule, candidates.SplitBlocks, candidates.LargestBlock, compareTime);
    }

    /// <summary>The merge of a partitioned run: the partitions' pairs clustered together, exactly as the single run clusters its own.</summary>
    public LinkResult Cluster(IReadOnlyList<RecordFeatures> records, IReadOnlyList<PartialLink> partials)
    {
        var kept = new List<ScoredPair>(partials.Sum(p => p.Pairs.Count));
        foreach (var partial in partials)
        {
            kept.AddRange(partial.Pairs);
        }

        var clock = Stopwatch.StartNew();
        var clusters = Clusterer.Cluster(records, kept, scorer);
        return new LinkResult
        {
            ClusterOf = clusters.ClusterOf,
            ClusterCount = clusters.ClusterCount,
            Review = clusters.Review,
            Kept = kept,
            Comparisons = partials.Sum(p => p.Comparisons),
            PairsByRule = [.. Enumerable.Range(0, Rules.Count).Select(r => partials.Sum(p => p.PairsByRule.Length > r ? p.PairsByRule[r] : 0))],
            SplitBlocks = partials.Count == 0 ? 0 : partials.Max(p => p.SplitBlocks),
            LargestBlock = partials.Count == 0 ? 0 : partials.Max(p => p.LargestBlock),
            RefusedMerges = clusters.RefusedMerges,
            FeatureTime = TimeSpan.Zero,
            CompareTime = TimeSpan.FromTicks(partials.Sum(p => p.CompareTime.Ticks)),
            ClusterTime = clock.Elapsed,
        };
    }

    private (CandidatePairs Candidates, List<ScoredPair> Kept, long Comparisons, LevelCounts? Levels, TimeSpan CompareTime, TimeSpan CompareCpu) Compare(
        IReadOnlyList<RecordFeatures> records, bool collectLevels, BlockPartition? partition)
    {
        var clock = Stopwatch.StartNew();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var candidates = new CandidatePairs(records, Rules, MaxBlockSize) { Partition = partition };
        var kept = new List<ScoredPair>();
        var levels = collectLevels ? new LevelCounts() : null;
        long comparisons = 0;
        var count = scorer.Comparisons.Count;
        var reviewThreshold = scorer.Model.ReviewThreshold;
        candidates.ForEach(
            () => (Pairs: new List<ScoredPair>(), Levels: collectLevels ? new LevelCounts() : null, Count: new long[1]),
            (a, b, state) =>
            {
                Span<byte> vector = stackalloc byte[count];
                var score = scorer.Score(records[a], records[b], vector);
                state.Count[0]++;
                state.Levels?.Add(LevelCounts.Encode(vector));
                if (score >= reviewThreshold)
                {
                    state.Pairs.Add(new ScoredPair(a, b, (float)score));
                }
            },
            state =>
            {
                kept.AddRange(state.Pairs);
                comparisons += state.Count[0];
                if (state.Levels is not null)
                {
                    levels!.Merge(state.Levels);
                }
            });
        return (candidates, kept, comparisons, levels, clock.Elapsed, Process.GetCurrentProcess().TotalProcessorTime - cpuBefore);
    }
}
