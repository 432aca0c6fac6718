namespace DataExchange.Matching.Calibration;

/// <summary>
/// Turns a pair's match weight into the probability a steward is shown: P(one child | weight, evidence), fitted
/// against ground truth per kind of evidence (<see cref="PairEvidence"/>) as a monotone curve (<see cref="CalibrationCurve"/>).
/// The raw Fellegi-Sunter posterior is far from calibrated for exactly the pairs a steward sees: twins and siblings
/// share a household whose agreements the model adds up as if independent (on held-out data more than half of the
/// review pairs it put at 0.99 or more were two children).
/// Stored in the model file; fitted by <c>dx link DIR --truth FILE --calibrate --model FILE</c> (<see cref="CalibrationFitter"/>).
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

    /// <summary>
    /// The most a pair the engine refused on veto evidence (<see cref="PairEvidenceOf.IsVeto"/>) is shown at: below
    /// one half, "probably different", whatever a refit says. What the engine is confident of must never read as
    /// probably one child; a curve that would cross this says the veto is wrong, which is a matter for the engine.
    /// </summary>
    public const double VetoCeiling = 0.45;

    /// <summary>
    /// The most any pair the engine did not link is shown at. A pair it was that sure of it would have linked; a pair it
    /// refused carries evidence against it, and the few hundred such pairs a calibration run holds cannot show 0.99.
    /// </summary>
    public const double ReviewCeiling = 0.98;

    /// <summary>The calibrated probability, or null when this kind of evidence has no curve.</summary>
    public double? Probability(PairEvidence evidence, double weight)
    {
        if (!Curves.TryGetValue(PairEvidenceOf.Code(evidence), out var curve))
        {
            return null;
        }

        var probability = curve.Probability(weight);
        return evidence == PairEvidence.Linked ? probability
            : Math.Min(probability, PairEvidenceOf.IsVeto(evidence) ? VetoCeiling : ReviewCeiling);
    }
}

/// <summary>
/// One monotone curve: knots (mean match weight of a block of training pairs, the block's share one child) joined by
/// straight lines, flat beyond the first and last knot, so a weight outside what the curve was fitted on is shown as
/// the nearest fitted block says, never extrapolated. A higher weight is never shown as less probable.
/// </summary>
public sealed class CalibrationCurve
{
    /// <summary>Knot weights, ascending; parallel to <see cref="Probabilities"/>.</summary>
    public List<double> Weights { get; set; } = [];

    /// <summary>Knot probabilities, non-decreasing.</summary>
    public List<double> Probabilities { get; set; } = [];

    /// <summary>Training pairs of this kind, and how many of them were one child (for the report).</summary>
    public long Pairs { get; set; }
    public long Matches { get; set; }

    public double Probability(double weight)
    {
        if (Weights.Count == 0)
        {
            return (Matches + 1.0) / (Pairs + 2.0);
        }

        if (weight <= Weights[0])
        {
            return Probabilities[0];
        }

        for (var i = 1; i < Weights.Count; i++)
        {
            if (weight <= Weights[i])
            {
                var t = (weight - Weights[i - 1]) / (Weights[i] - Weights[i - 1]);
                return Probabilities[i - 1] + t * (Probabilities[i] - Probabilities[i - 1]);
            }
        }

        return Probabilities[^1];
    }
}
