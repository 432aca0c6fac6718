using DataExchange.Matching.Calibration;
using DataExchange.Matching.Comparisons;
using DataExchange.Matching.Features;

namespace DataExchange.Matching.Scoring;

/// <summary>
/// The pure Fellegi-Sunter scorer: match weight = log2 prior odds + Σ log2(m/u) over the comparison
/// vector. For the name's exact and same-pinyin levels u is the name's own frequency (term-frequency
/// adjustment), so 张梓涵 agreeing counts for less than a rare name agreeing. Thread-safe, allocation-free.
/// </summary>
public sealed class Scorer
{
    private readonly IComparison[] comparisons;
    private readonly double[][] weights;
    private readonly double[] nameM;
    private readonly double minimumFrequency;

    /// <param name="records">How many records the run compares (or the index holds); sets the prior λ.</param>
    public Scorer(MatchModel model, long records = 0, IReadOnlyList<IComparison>? comparisons = null)
    {
        Model = model;
        Records = records;
        this.comparisons = [.. comparisons ?? ComparisonSet.Default];
        if (model.Comparisons.Count != this.comparisons.Length)
        {
            throw new InvalidOperationException($"The model has {model.Comparisons.Count} comparisons, the engine {this.comparisons.Length}.");
        }

        weights = new double[this.comparisons.Length][];
        for (var c = 0; c < this.comparisons.Length; c++)
        {
            var parameters = model.Comparisons[c];
            if (parameters.Name != this.comparisons[c].Name || parameters.Levels.Count != this.comparisons[c].Levels.Count)
            {
                throw new InvalidOperationException($"Model comparison {parameters.Name} does not fit the engine's {this.comparisons[c].Name}.");
            }

            weights[c] = [.. parameters.Levels.Select(level => level.Weight)];
            weights[c][0] = 0;
        }

        var name = model.Comparisons[ComparisonSet.NameIndex];
        nameM = [.. name.Levels.Select(level => level.M)];
        NameTermFrequency = name.TermFrequencyAdjusted;
        minimumFrequency = model.MinimumTermFrequency;
        var lambda = model.ProbabilityForRecords(records);
        PriorWeight = Math.Log2(lambda / (1 - lambda));
    }

    public MatchModel Model { get; }

    /// <summary>The run's (or index's) size the prior was set for; 0 for the model's own prior.</summary>
    public long Records { get; }
    public IReadOnlyList<IComparison> Comparisons => comparisons;
    public double PriorWeight { get; }
    private bool NameTermFrequency { get; }

    public double Score(RecordFeatures a, RecordFeatures b)
    {
        var score = PriorWeight;
        for (var c = 0; c < comparisons.Length; c++)
        {
            score += LevelWeight(c, comparisons[c].Compare(a, b), a, b);
        }

        return score;
    }

    /// <summary>Fills <paramref name="levels"/> with the comparison vector and returns the match weight.</summary>
    public double Score(RecordFeatures a, RecordFeatures b, Span<byte> levels)
    {
        var score = PriorWeight;
        for (var c = 0; c < comparisons.Length; c++)
        {
            var level = comparisons[c].Compare(a, b);
            levels[c] = (byte)level;
            score += LevelWeight(c, level, a, b);
        }

        return score;
    }

    /// <summary>The weight one level contributes, with the name's term-frequency adjustment applied.</summary>
    public double LevelWeight(int comparison, int level, RecordFeatures a, RecordFeatures b)
    {
        if (comparison == ComparisonSet.NameIndex && NameTermFrequency
            && level is NameComparison.Exact or NameComparison.SamePinyin && a.NameFrequency > 0)
        {
            // The rarer of the two spellings' frequencies would overstate a homophone typo; use the larger.
            var frequency = Math.Max(minimumFrequency, Math.Max(a.NameFrequency, b.NameFrequency));
            return Math.Log2(nameM[level] / frequency);
        }

        return weights[comparison][level];
    }

    /// <summary>The raw Fellegi-Sunter posterior of a match weight (what the weight says, assuming independent comparisons).</summary>
    public static double Probability(double matchWeight) => 1 / (1 + Math.Pow(2, -matchWeight));

    /// <summary>
    /// What a steward is shown: the probability that the two records are one child after all the evidence (the weight
    /// and why the engine did or did not link them), from the model's calibration; the raw posterior without one.
    /// </summary>
    public double Calibrated(PairEvidence evidence, double matchWeight) =>
        Model.Calibration?.Probability(evidence, matchWeight) ?? Probability(matchWeight);

    /// <summary>
    /// Judges a pair of records in different children for the review queue: its evidence, its calibrated probability,
    /// and whether a steward should see it (the probability reaches the calibration's review floor). The batch's
    /// clustering and the incremental linker both ask this, so they queue the same pairs.
    /// </summary>
    public (PairEvidence Evidence, double Probability, bool Queued) JudgeApart(RecordFeatures a, RecordFeatures b, double matchWeight)
    {
        var evidence = PairEvidenceOf.Classify(a, b, matchWeight, Model.LinkThreshold, sameChild: false);
        var probability = Calibrated(evidence, matchWeight);
        return (evidence, probability, matchWeight >= Model.ReviewThreshold && probability >= (Model.Calibration?.ReviewFloor ?? 0));
    }
}
