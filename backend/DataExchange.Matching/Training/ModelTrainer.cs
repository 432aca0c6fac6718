using DataExchange.Matching.Blocking;
using DataExchange.Matching.Comparisons;
using DataExchange.Matching.Features;
using DataExchange.Matching.Scoring;

namespace DataExchange.Matching.Training;

/// <summary>
/// Fits a <see cref="MatchModel"/>: u by random sampling, m and the prior by EM over the blocked candidate
/// pairs. Thresholds are policy, not data: they are carried over from the model given as a template.
/// </summary>
public static class ModelTrainer
{
    public static MatchModel Train(IReadOnlyList<RecordFeatures> records, MatchModel template, string trainedOn, int uSamples = 2_000_000)
    {
        var comparisons = ComparisonSet.Default;
        var u = UEstimator.Estimate(records, comparisons, uSamples);
        var candidates = CountCandidates(records, comparisons);
        var em = EmTrainer.Fit(candidates, comparisons);
        var allPairs = (double)records.Count * (records.Count - 1) / 2;
        var model = new MatchModel
        {
            TrainedOn = trainedOn,
            ProbabilityTwoRandomRecordsMatch = Math.Clamp(em.ExpectedMatches / allPairs, 1e-12, 0.5),
            MatchesPerRecord = em.ExpectedMatches / records.Count,
            LinkThreshold = template.LinkThreshold,
            ReviewThreshold = template.ReviewThreshold,
            CannotLinkThreshold = template.CannotLinkThreshold,
            MinimumTermFrequency = template.MinimumTermFrequency,
        };
        for (var c = 0; c < comparisons.Count; c++)
        {
            var perLevel = candidates.PerLevel(c, comparisons[c].Levels.Count);
            model.Comparisons.Add(new ComparisonParameters
            {
                Name = comparisons[c].Name,
                TermFrequencyAdjusted = c == ComparisonSet.NameIndex,
                Levels = [.. comparisons[c].Levels.Select((label, l) => new LevelParameters
                {
                    Label = label,
                    M = l == 0 ? 0 : em.M[c][l],
                    U = l == 0 ? 0 : u[c][l],
                    PairCount = perLevel[l],
                })],
            });
        }

        return model;
    }

    private static LevelCounts CountCandidates(IReadOnlyList<RecordFeatures> records, IReadOnlyList<IComparison> comparisons)
    {
        var total = new LevelCounts();
        var pairs = new CandidatePairs(records, BlockingRules.Default);
        pairs.ForEach(
            () => new LevelCounts(),
            (a, b, counts) =>
            {
                Span<byte> levels = stackalloc byte[comparisons.Count];
                for (var c = 0; c < comparisons.Count; c++)
                {
                    levels[c] = (byte)comparisons[c].Compare(records[a], records[b]);
                }

                counts.Add(LevelCounts.Encode(levels));
            },
            total.Merge);
        return total;
    }
}
