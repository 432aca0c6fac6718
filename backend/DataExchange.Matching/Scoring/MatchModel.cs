using System.Text.Json.Serialization;
using DataExchange.Matching.Calibration;

namespace DataExchange.Matching.Scoring;

/// <summary>
/// The trained parameters of the Fellegi-Sunter model, as written to the model file: per comparison level
/// m = P(level | same child) and u = P(level | different children), the prior, and the decision thresholds
/// (in match weight, log2 of the posterior odds). Versioned so that an old engine refuses a newer file.
/// </summary>
public sealed class MatchModel
{
    public const int CurrentVersion = 1;

    public int Version { get; set; } = CurrentVersion;

    /// <summary>Where and when it was trained, for the diagnostics report.</summary>
    public string TrainedOn { get; set; } = "";

    /// <summary>λ: the share of record pairs that are the same child, before looking at them.</summary>
    public double ProbabilityTwoRandomRecordsMatch { get; set; }

    /// <summary>
    /// True matching pairs per record in the training data. The number of true pairs grows with the number
    /// of records n, all pairs with n², so λ for a run over n records is 2·this/(n-1): the prior is a
    /// property of the data set's size, and a model trained on 30,000 records stays right at 3 million.
    /// </summary>
    public double MatchesPerRecord { get; set; }

    /// <summary>λ for a run over <paramref name="records"/> records (see <see cref="MatchesPerRecord"/>).</summary>
    public double ProbabilityForRecords(long records) =>
        MatchesPerRecord > 0 && records > 1 ? Math.Min(0.5, 2 * MatchesPerRecord / (records - 1)) : ProbabilityTwoRandomRecordsMatch;

    /// <summary>At or above this match weight a pair is linked automatically.</summary>
    public double LinkThreshold { get; set; }

    /// <summary>At or above this match weight (and below <see cref="LinkThreshold"/>) a pair goes to review.</summary>
    public double ReviewThreshold { get; set; }

    /// <summary>Below this match weight two records are confidently different children and never share a cluster.</summary>
    public double CannotLinkThreshold { get; set; }

    /// <summary>Term frequencies are floored here so that one unseen name does not dominate a score.</summary>
    public double MinimumTermFrequency { get; set; } = 1e-6;

    public List<ComparisonParameters> Comparisons { get; set; } = [];

    /// <summary>
    /// Match weight → calibrated probability per kind of evidence, fitted against ground truth; null in a model
    /// that was never calibrated (its pairs then show the raw Fellegi-Sunter posterior).
    /// </summary>
    public ScoreCalibration? Calibration { get; set; }

    [JsonIgnore]
    public double PriorWeight => Math.Log2(ProbabilityTwoRandomRecordsMatch / (1 - ProbabilityTwoRandomRecordsMatch));
}

/// <summary>One comparison's levels, in the order the comparison returns them.</summary>
public sealed class ComparisonParameters
{
    public string Name { get; set; } = "";

    /// <summary>True when the exact levels use the value's own frequency for u (Splink's tf adjustment).</summary>
    public bool TermFrequencyAdjusted { get; set; }

    public List<LevelParameters> Levels { get; set; } = [];
}

/// <summary>m and u of one level; the null level has neither (it contributes no evidence).</summary>
public sealed class LevelParameters
{
    public string Label { get; set; } = "";
    public double M { get; set; }
    public double U { get; set; }

    /// <summary>How many candidate pairs fell in this level during training (for diagnostics).</summary>
    public long PairCount { get; set; }

    [JsonIgnore]
    public double Weight => M <= 0 || U <= 0 ? 0 : Math.Log2(M / U);
}
