namespace DataExchange.Matching.Calibration;

/// <summary>One labelled pair for calibration: its evidence, match weight and whether truth says it is one child.</summary>
public readonly record struct LabelledPair(PairEvidence Evidence, double Weight, bool OneChild);

/// <summary>
/// Fits <see cref="ScoreCalibration"/> curves per kind of evidence by isotonic regression (pool adjacent violators):
/// the share one child may only rise with the weight. A logistic curve per kind, as before, extrapolated: fitted on
/// twin-signature pairs up to one weight it showed a twin pair above it at 0.85. Blocks are then made robust:
/// <list type="bullet">
/// <item>a block holds at least <see cref="MinimumBlock"/> pairs and its mean weight lies at least
/// <see cref="MinimumSpan"/> from its neighbours' (a handful of pairs, or two weights a rounding apart, is noise);</item>
/// <item>its probability is the Laplace-smoothed share one child, (N₊+1)/(N+2), lowered by one standard error, so a
/// small block claims less than a large one with the same share (a steward's trust costs more than a low score);</item>
/// <item>a kind with fewer pairs than one block is one flat block.</item>
/// </list>
/// </summary>
public static class CalibrationFitter
{
    public const int MinimumBlock = 40;
    public const double MinimumSpan = 2.0;

    public static ScoreCalibration Fit(IEnumerable<LabelledPair> pairs, string fittedOn, double reviewFloor = ScoreCalibration.DefaultReviewFloor)
    {
        var calibration = new ScoreCalibration { FittedOn = fittedOn, ReviewFloor = reviewFloor };
        foreach (var group in pairs.GroupBy(pair => pair.Evidence))
        {
            calibration.Curves[PairEvidenceOf.Code(group.Key)] = FitCurve([.. group]);
        }

        return calibration;
    }

    public static CalibrationCurve FitCurve(IReadOnlyList<LabelledPair> pairs)
    {
        var blocks = new List<Block>();
        foreach (var pair in pairs.OrderBy(p => p.Weight))
        {
            blocks.Add(new Block(pair.Weight, 1, pair.OneChild ? 1 : 0));
            // Pool adjacent violators: a block no more probable than the one before it joins it.
            while (blocks.Count > 1 && blocks[^2].Share >= blocks[^1].Share)
            {
                blocks[^2] = blocks[^2] + blocks[^1];
                blocks.RemoveAt(blocks.Count - 1);
            }
        }

        MergeSmall(blocks);
        MergeClose(blocks);
        var curve = new CalibrationCurve { Pairs = pairs.Count, Matches = pairs.Count(p => p.OneChild) };
        foreach (var block in blocks)
        {
            // Smoothing and the standard error can undo the order by a hair; the curve stays non-decreasing.
            curve.Weights.Add(block.MeanWeight);
            curve.Probabilities.Add(Math.Max(block.Conservative, curve.Probabilities.Count > 0 ? curve.Probabilities[^1] : 0));
        }

        return curve;
    }

    /// <summary>Merges every block under the minimum into the neighbour whose share is closer (order is kept: merged blocks are adjacent).</summary>
    private static void MergeSmall(List<Block> blocks)
    {
        while (blocks.Count > 1 && blocks.FindIndex(b => b.Pairs < MinimumBlock) is var i and >= 0)
        {
            var j = i == 0 ? 1
                : i == blocks.Count - 1 ? i - 1
                : Math.Abs(blocks[i - 1].Share - blocks[i].Share) <= Math.Abs(blocks[i + 1].Share - blocks[i].Share) ? i - 1 : i + 1;
            var (low, high) = (Math.Min(i, j), Math.Max(i, j));
            blocks[low] = blocks[low] + blocks[high];
            blocks.RemoveAt(high);
        }
    }

    private static void MergeClose(List<Block> blocks)
    {
        for (var i = 0; i + 1 < blocks.Count;)
        {
            if (blocks[i + 1].MeanWeight - blocks[i].MeanWeight < MinimumSpan)
            {
                blocks[i] = blocks[i] + blocks[i + 1];
                blocks.RemoveAt(i + 1);
            }
            else
            {
                i++;
            }
        }
    }

    private readonly record struct Block(double WeightSum, long Pairs, long OneChild)
    {
        public double Share => (double)OneChild / Pairs;
        public double MeanWeight => WeightSum / Pairs;

        public double Conservative
        {
            get
            {
                var p = (OneChild + 1.0) / (Pairs + 2.0);
                return Math.Max(1.0 / (Pairs + 2.0), p - Math.Sqrt(p * (1 - p) / (Pairs + 2.0)));
            }
        }

        public static Block operator +(Block a, Block b) => new(a.WeightSum + b.WeightSum, a.Pairs + b.Pairs, a.OneChild + b.OneChild);
    }
}
