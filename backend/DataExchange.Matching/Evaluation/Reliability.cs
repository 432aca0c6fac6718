using System.Globalization;
using System.Text;
using DataExchange.Domain.Agencies;
using DataExchange.Matching.Calibration;
using DataExchange.Matching.Clustering;
using DataExchange.Matching.Features;
using DataExchange.Matching.Linking;
using DataExchange.Matching.Scoring;

namespace DataExchange.Matching.Evaluation;

/// <summary>One probability band of a reliability table: pairs predicted in [Low, High) and how many truly were one child.</summary>
public sealed record ReliabilityBand(double Low, double High, int Pairs, int OneChild, double MeanPredicted)
{
    public double Observed => Pairs == 0 ? double.NaN : (double)OneChild / Pairs;
}

/// <summary>
/// Calibration measured against a truth file: for the links (every scored pair inside one predicted child) and for
/// the review pairs (what a steward is shown), the predicted probability in bands against the observed share of
/// pairs that truly are one child. A calibrated score has each band's observed share inside the band.
/// </summary>
public sealed record Reliability(IReadOnlyList<ReliabilityBand> Links, IReadOnlyList<ReliabilityBand> Review,
    int ReviewAt99, int ReviewAt99TwoChildren, int ReviewAt90, int ReviewAt90OneChild)
{
    /// <summary>The band edges: the last band is [0.99, 1].</summary>
    public static readonly double[] Edges = [0, 0.1, 0.5, 0.9, 0.99, 1.0000001];

    public static Reliability Measure(IReadOnlyList<RecordFeatures> records, LinkResult result, Scorer scorer, IReadOnlyDictionary<(Agency, string), string> truth) =>
        Measure(result, scorer, OneChild(records, truth));

    /// <param name="person">Person number per record (<see cref="TruthLabels"/>).</param>
    public static Reliability Measure(LinkResult result, Scorer scorer, int[] person) => Measure(result, scorer, (a, b) => person[a] == person[b]);

    private static Reliability Measure(LinkResult result, Scorer scorer, Func<int, int, bool> same)
    {
        var links = result.Kept.Where(pair => result.ClusterOf[pair.A] == result.ClusterOf[pair.B])
            .Select(pair => (scorer.Calibrated(PairEvidence.Linked, pair.Score), same(pair.A, pair.B))).ToList();
        return Of(links, [.. result.Review.Select(pair => (pair.Probability, same(pair.A, pair.B)))]);
    }

    /// <summary>From predicted probabilities and truth labels (a database's links and open candidates, for instance).</summary>
    public static Reliability Of(List<(double Probability, bool OneChild)> links, List<(double Probability, bool OneChild)> review) =>
        new(Bands(links), Bands(review),
            review.Count(r => r.Probability >= 0.99), review.Count(r => r.Probability >= 0.99 && !r.OneChild),
            review.Count(r => r.Probability >= 0.9), review.Count(r => r.Probability >= 0.9 && r.OneChild));

    /// <summary>
    /// The review pairs per kind of evidence: pairs, mean predicted, observed share one child. A kind shown below what it
    /// observes is the calibration being cautious (or capped, <see cref="ScoreCalibration.VetoCeiling"/>); above, wrong.
    /// </summary>
    public static string ByEvidence(IReadOnlyList<RecordFeatures> records, LinkResult result, IReadOnlyDictionary<(Agency, string), string> truth) =>
        ByEvidence(result, OneChild(records, truth));

    /// <summary>The review pairs by evidence kind, labelled by a person number per record (as dx link reads its truth).</summary>
    public static string ByEvidence(LinkResult result, int[] person) => ByEvidence(result, (a, b) => person[a] == person[b]);

    private static string ByEvidence(LinkResult result, Func<int, int, bool> same)
    {
        var text = new StringBuilder("review by evidence: pairs, mean predicted, observed share one child");
        var c = CultureInfo.InvariantCulture;
        foreach (var kind in result.Review.GroupBy(pair => pair.Evidence).OrderBy(group => group.Key))
        {
            var observed = (double)kind.Count(pair => same(pair.A, pair.B)) / kind.Count();
            text.AppendLine().Append(c, $"  {PairEvidenceOf.Code(kind.Key),-30} {kind.Count(),6:N0}  {kind.Average(pair => pair.Probability):0.0000}  {observed:0.0000}");
        }

        return text.ToString();
    }

    public string Text()
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine("reliability: predicted probability band, pairs, mean predicted, observed share one child");
        foreach (var (name, bands) in new[] { ("links", Links), ("review", Review) })
        {
            foreach (var band in bands)
            {
                var high = band.High > 1 ? "1.00]" : band.High.ToString("0.00", c) + ")";
                var observed = band.Pairs == 0 ? "     -" : band.Observed.ToString("0.0000", c);
                text.AppendLine(c, $"  {name,-6} [{band.Low:0.00}, {high,-5}  {band.Pairs,8:N0}  {(band.Pairs == 0 ? "     -" : band.MeanPredicted.ToString("0.0000", c))}  {observed}");
            }
        }

        text.AppendLine(c, $"review shown >= 0.99: {ReviewAt99:N0} pairs, {Share(ReviewAt99TwoChildren, ReviewAt99)} two children (target <= 5%)");
        text.Append(c, $"review shown >= 0.90: {ReviewAt90:N0} pairs, {Share(ReviewAt90OneChild, ReviewAt90)} one child (target >= 90%)");
        return text.ToString();
    }

    private static string Share(int part, int whole) => whole == 0 ? "-" : (100.0 * part / whole).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static List<ReliabilityBand> Bands(List<(double Probability, bool OneChild)> pairs)
    {
        var bands = new List<ReliabilityBand>();
        for (var i = 0; i + 1 < Edges.Length; i++)
        {
            double low = Edges[i], high = Edges[i + 1];
            var inBand = pairs.Where(p => p.Probability >= low && p.Probability < high).ToList();
            bands.Add(new ReliabilityBand(low, high, inBand.Count, inBand.Count(p => p.OneChild), inBand.Count == 0 ? 0 : inBand.Average(p => p.Probability)));
        }

        return bands;
    }

    public static Func<int, int, bool> OneChild(IReadOnlyList<RecordFeatures> records, IReadOnlyDictionary<(Agency, string), string> truth)
    {
        var person = records.Select((r, i) => truth.TryGetValue((r.Agency, r.SourceId), out var id) ? id : "\0" + i).ToArray();
        return (a, b) => string.Equals(person[a], person[b], StringComparison.Ordinal);
    }
}
