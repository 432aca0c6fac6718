using DataExchange.Domain.Agencies;
using DataExchange.Matching.Clustering;
using DataExchange.Matching.Evaluation;
using DataExchange.Matching.Features;
using DataExchange.Matching.Linking;
using DataExchange.Matching.Scoring;

namespace DataExchange.Matching.Calibration;

/// <summary>One generated run to calibrate on: its records (as features, term frequencies applied) and its truth.</summary>
public sealed record CalibrationRun(IReadOnlyList<RecordFeatures> Records, IReadOnlyDictionary<(Agency, string), string> Truth);

/// <summary>
/// Fits the calibration on what a steward is shown: for each two children of a run, the one pair that represents them
/// in review (<see cref="Scorer.JudgeApart"/>, <see cref="Clusterer.Better"/>), labelled by the truth. Fitting on every
/// scored pair instead counts two twins' nine cross pairs nine times and one split child's single pair once, and
/// under-states the pairs a steward sees. Which pair represents two children depends on the curves, so the fit is
/// repeated (<see cref="Rounds"/>), starting from every pair. Several runs are pooled, each linked at its own size
/// (the match weight carries the prior for the run's size, so runs of the size the curves will serve fit best).
/// </summary>
public static class CalibrationRuns
{
    public const int Rounds = 2;

    public static ScoreCalibration Fit(MatchModel model, IReadOnlyList<CalibrationRun> runs, string fittedOn)
    {
        var floor = model.Calibration?.ReviewFloor ?? ScoreCalibration.DefaultReviewFloor;
        // Clustering does not read the calibration: each run is linked once.
        var linked = runs.Select(run =>
        {
            var scorer = new Scorer(model, run.Records.Count);
            return (run.Records, Result: new BatchLinker(scorer).Link(run.Records), Same: Reliability.OneChild(run.Records, run.Truth));
        }).ToList();
        var calibration = CalibrationFitter.Fit(linked.SelectMany(run => Every(run.Records, run.Result, run.Same, model)), fittedOn, floor);
        for (var round = 0; round < Rounds; round++)
        {
            var fitted = model.Calibration;
            model.Calibration = calibration;
            try
            {
                var pairs = linked.SelectMany(run =>
                {
                    var scorer = new Scorer(model, run.Records.Count);
                    return Linked(run.Result, run.Same).Concat(Representatives(run.Records, run.Result, scorer, run.Same));
                }).ToList();
                var next = CalibrationFitter.Fit(pairs, fittedOn, floor);
                // A kind no representative carries keeps the curve fitted on every pair.
                foreach (var (code, curve) in calibration.Curves)
                {
                    next.Curves.TryAdd(code, curve);
                }

                calibration = next;
            }
            finally
            {
                model.Calibration = fitted;
            }
        }

        return calibration;
    }

    /// <summary>Every kept pair with its evidence: the first round's fit.</summary>
    private static IEnumerable<LabelledPair> Every(IReadOnlyList<RecordFeatures> records, LinkResult result, Func<int, int, bool> same, MatchModel model) =>
        result.Kept.Select(pair => new LabelledPair(
            PairEvidenceOf.Classify(records[pair.A], records[pair.B], pair.Score, model.LinkThreshold, result.ClusterOf[pair.A] == result.ClusterOf[pair.B]),
            pair.Score, same(pair.A, pair.B)));

    private static IEnumerable<LabelledPair> Linked(LinkResult result, Func<int, int, bool> same) =>
        result.Kept.Where(pair => result.ClusterOf[pair.A] == result.ClusterOf[pair.B])
            .Select(pair => new LabelledPair(PairEvidence.Linked, pair.Score, same(pair.A, pair.B)));

    /// <summary>For each two children, the pair that would represent them in review, before the review floor.</summary>
    public static IEnumerable<LabelledPair> Representatives(IReadOnlyList<RecordFeatures> records, LinkResult result, Scorer scorer, Func<int, int, bool> same)
    {
        var best = new Dictionary<(int, int), ReviewPair>();
        foreach (var pair in result.Kept)
        {
            int ca = result.ClusterOf[pair.A], cb = result.ClusterOf[pair.B];
            if (ca == cb || pair.Score < scorer.Model.ReviewThreshold)
            {
                continue;
            }

            var (evidence, probability, _) = scorer.JudgeApart(records[pair.A], records[pair.B], pair.Score);
            var candidate = new ReviewPair(pair.A, pair.B, pair.Score, probability, evidence);
            var key = (Math.Min(ca, cb), Math.Max(ca, cb));
            if (!best.TryGetValue(key, out var current) || Clusterer.Better(candidate, current))
            {
                best[key] = candidate;
            }
        }

        return best.Values.Select(pair => new LabelledPair(pair.Evidence, pair.Score, same(pair.A, pair.B)));
    }
}
