namespace DataExchange.Matching.Calibration;

/// <summary>
/// Turns a pair's match weight into the probability a steward is shown: P(one child | weight, evidence), fitted
/// against ground truth per kind of evidence (<see cref="PairEvidence"/>) by Platt scaling,
/// logit P = intercept + slope · weight. The raw Fellegi-Sunter posterior is far from calibrated for exactly the
/// pairs a steward sees: twins and siblings share a household whose agreements the model adds up as if independent
/// (on held-out data more than half of the review pairs it put at 0.99 or more were two children).
/// Stored in the model file; fitted by <c>dx link DIR --truth FILE --calibrate --model FILE</c>.
/// </summary>
public sealed class ScoreCalibration
{
    /// <summary>What the curves were fitted on (data, size, date), for the diagnostics report.</summary>
    public string FittedOn { get; set; } = "";

    /// <summary>
    /// Pairs whose calibrated probability is below this are confidently two children: they are not queued for
    /// review (a steward's time goes to pairs that may be one child).
    /// </summary>
    public double ReviewFloor { get; set; } = DefaultReviewFloor;

    /// <summary>One curve per evidence code (<see cref="PairEvidenceOf.Code"/>).</summary>
    public Dictionary<string, CalibrationCurve> Curves { get; set; } = [];

    public const double DefaultReviewFloor = 0.05;

    /// <summary>The calibrated probability, or null when this kind of evidence has no curve.</summary>
    public double? Probability(PairEvidence evidence, double weight) =>
        Curves.TryGetValue(PairEvidenceOf.Code(evidence), out var curve) ? curve.Probability(weight) : null;
}

/// <summary>One Platt curve: logit P = <see cref="Intercept"/> + <see cref="Slope"/> · match weight.</summary>
public sealed class CalibrationCurve
{
    public double Intercept { get; set; }
    public double Slope { get; set; }

    /// <summary>Training pairs of this kind, and how many of them were one child (for the report).</summary>
    public long Pairs { get; set; }
    public long Matches { get; set; }

    public double Probability(double weight) => 1 / (1 + Math.Exp(-(Intercept + Slope * weight)));
}
