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
public sealed class BatchLinker(Scorer scorer, IReadOnlyList<BlockingRule>? rules = null, int maxBlockSize = 1000)
{
    public IReadOnlyList<BlockingRule> Rules { get; } = rules ?? BlockingRules.Default;
    public int MaxBlockSize { get; } = maxBlockSize;

    public static RecordFeatures[] Extract(IReadOnlyList<SourceRecord> records)
    {
        var features = new RecordFeatures[records.Count];
        Parallel.For(0, records.Count, i => features[i] = FeatureExtractor.Extract(records[i]));
        TermFrequencies.Count(features).ApplyAll(features);
        return features;
    }

    public LinkResult Link(IReadOnlyList<RecordFeatures> records, bool collectLevels = false, TimeSpan featureTime = default)
    {
        var clock = Stopwatch.StartNew();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var candidates = new CandidatePairs(records, Rules, MaxBlockSize);
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
        var compareTime = clock.Elapsed;
        var compareCpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        clock.Restart();
        var clusters = Clusterer.Cluster(records, [.. kept], scorer);
        return new LinkResult
        {
            ClusterOf = clusters.ClusterOf,
            ClusterCount = clusters.ClusterCount,
            Review = clusters.Review,
            Kept = kept,
            Comparisons = comparisons,
            PairsByRule = candidates.PairsByRule,
            SkippedBlocks = candidates.SkippedBlocks,
            RefusedMerges = clusters.RefusedMerges,
            Levels = levels,
            FeatureTime = featureTime,
            CompareTime = compareTime,
            CompareCpuTime = compareCpu,
            ClusterTime = clock.Elapsed,
        };
    }
}
