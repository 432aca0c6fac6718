using DataExchange.ExchangeFiles.Generation;
using DataExchange.ExchangeFiles.Reading;
using DataExchange.Matching.Evaluation;
using DataExchange.Matching.Features;
using DataExchange.Matching.Io;
using DataExchange.Matching.Linking;
using DataExchange.Matching.Scoring;
using DataExchange.Matching.Training;

namespace DataExchange.Cli.Tests;

/// <summary>
/// The score a steward is shown is a calibrated probability, measured on generated data the shipped calibration was not
/// fitted on (seed 201 fitted it; this is seed 41): of the review pairs shown at 0.9 or more at least 90% are one child,
/// of those at 0.99 or more at most 5% are two children, and no kind of evidence the engine refused a link on is shown
/// as near-certain.
/// </summary>
public sealed class CalibrationTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("dx-calibration-").FullName;

    [Fact(Skip = "Open in issue 11: after the generator gained as-of dates (alerts work) its data changed and this target no longer holds on it; the calibration must be refitted and the host and batch priors unified before it is re-enabled")]
    public void ReviewScoresOnHeldOutDataAreCalibrated()
    {
        var output = Path.Combine(root, "out");
        var truthFile = Path.Combine(root, "truth.csv");
        DatasetGenerator.Run(new GenerationRequest(20_000, 41, output, truthFile, null, GenerationProfile.Sample()));
        var records = ExchangeFolder.Inspect(output).Files.OrderBy(file => file.Agency).ThenBy(file => file.FileName, StringComparer.Ordinal)
            .SelectMany(file => file.ReadRows()).Where(row => row.Record is not null)
            .Select(row => FeatureExtractor.Extract(row.Record!)).ToArray();
        TermFrequencies.Count(records).ApplyAll(records);
        var scorer = new Scorer(ModelFile.Default(), records.Length);
        var result = new BatchLinker(scorer).Link(records);

        var reliability = Reliability.Measure(records, result, scorer, LinkageFiles.ReadTruth(truthFile));

        Assert.True(reliability.ReviewAt90 >= 10, $"only {reliability.ReviewAt90} review pairs at 0.9 or more: too few to measure\n{reliability.Text()}");
        Assert.True(reliability.ReviewAt90OneChild >= 0.9 * reliability.ReviewAt90, reliability.Text());
        Assert.True(reliability.ReviewAt99TwoChildren <= 0.05 * reliability.ReviewAt99, reliability.Text());
        // Every band with enough pairs to judge observes a share within 0.15 of what it predicts.
        Assert.All(reliability.Review.Where(band => band.Pairs >= 20),
            band => Assert.InRange(band.Observed, band.MeanPredicted - 0.15, band.MeanPredicted + 0.15));
        // The twins of the issue: two different valid IDs proving one birth date are never shown as probably one child.
        Assert.DoesNotContain(result.Review, pair =>
            (pair.Evidence is Matching.Calibration.PairEvidence.TwinSignature or Matching.Calibration.PairEvidence.DifferentRegisterIds) && pair.Probability >= 0.5);
    }

    public void Dispose() => Directory.Delete(root, recursive: true);
}
