namespace DataExchange.Matching.Calibration;

/// <summary>One labelled pair for calibration: its evidence, match weight and whether truth says it is one child.</summary>
public readonly record struct LabelledPair(PairEvidence Evidence, double Weight, bool OneChild);

/// <summary>
/// Fits <see cref="ScoreCalibration"/> curves by Platt scaling (Platt 1999): logistic regression of the truth label
/// on the match weight, per kind of evidence, with Platt's smoothed targets ((N₊+1)/(N₊+2) and 1/(N₋+2)) so that a
/// kind seen with one label only (e.g. register IDs that differ) gets a small but finite probability rather than 0.
/// Newton-Raphson on two parameters; a tiny ridge keeps the Hessian invertible when all weights are equal.
/// </summary>
public static class CalibrationFitter
{
    private const int Iterations = 100;
    private const double Ridge = 1e-6;

    public static ScoreCalibration Fit(IEnumerable<LabelledPair> pairs, string fittedOn, double reviewFloor = ScoreCalibration.DefaultReviewFloor)
    {
        var calibration = new ScoreCalibration { FittedOn = fittedOn, ReviewFloor = reviewFloor };
        foreach (var group in pairs.GroupBy(pair => pair.Evidence))
        {
            var items = group.ToArray();
            calibration.Curves[PairEvidenceOf.Code(group.Key)] = FitCurve(items);
        }

        return calibration;
    }

    public static CalibrationCurve FitCurve(IReadOnlyList<LabelledPair> pairs)
    {
        long positives = pairs.Count(p => p.OneChild), negatives = pairs.Count - positives;
        double high = (positives + 1.0) / (positives + 2.0), low = 1.0 / (negatives + 2.0);
        // Start flat at the smoothed base rate: the fit then only moves as far as the data pull it.
        var rate = (positives + 1.0) / (pairs.Count + 2.0);
        double a = Math.Log(rate / (1 - rate)), b = 0;
        for (var iteration = 0; iteration < Iterations; iteration++)
        {
            double ga = 0, gb = 0, haa = Ridge, hab = 0, hbb = Ridge;
            foreach (var pair in pairs)
            {
                var target = pair.OneChild ? high : low;
                var p = 1 / (1 + Math.Exp(-(a + b * pair.Weight)));
                var residual = p - target;
                var w = Math.Max(p * (1 - p), 1e-12);
                ga += residual;
                gb += residual * pair.Weight;
                haa += w;
                hab += w * pair.Weight;
                hbb += w * pair.Weight * pair.Weight;
            }

            var determinant = haa * hbb - hab * hab;
            if (Math.Abs(determinant) < 1e-18)
            {
                break;
            }

            var da = (hbb * ga - hab * gb) / determinant;
            var db = (haa * gb - hab * ga) / determinant;
            a -= da;
            b -= db;
            if (Math.Abs(da) + Math.Abs(db) < 1e-9)
            {
                break;
            }
        }

        return new CalibrationCurve { Intercept = a, Slope = b, Pairs = pairs.Count, Matches = positives };
    }
}
