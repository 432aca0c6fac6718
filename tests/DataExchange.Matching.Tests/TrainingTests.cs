using DataExchange.Matching.Comparisons;
using DataExchange.Matching.Diagnostics;
using DataExchange.Matching.Features;
using DataExchange.Matching.Training;

namespace DataExchange.Matching.Tests;

public class TrainingTests
{
    private sealed class TwoLevels(string name) : IComparison
    {
        public string Name => name;
        public IReadOnlyList<string> Levels { get; } = ["null", "agree", "disagree"];
        public int Compare(RecordFeatures a, RecordFeatures b) => throw new NotSupportedException();
    }

    [Fact]
    public void ExpectationMaximisationRecoversMFromAMixtureOfMatchesAndNonMatches()
    {
        // 1,000 matches agree on each of three comparisons with probability 0.9; 9,000 non-matches with 0.1.
        IComparison[] comparisons = [new TwoLevels("a"), new TwoLevels("b"), new TwoLevels("c")];
        var counts = new LevelCounts();
        for (var pattern = 0; pattern < 8; pattern++)
        {
            var agreements = 0;
            var levels = new byte[3];
            for (var c = 0; c < 3; c++)
            {
                var agree = (pattern >> c & 1) == 1;
                levels[c] = (byte)(agree ? 1 : 2);
                agreements += agree ? 1 : 0;
            }

            double match = 1000 * Math.Pow(0.9, agreements) * Math.Pow(0.1, 3 - agreements);
            double nonMatch = 9000 * Math.Pow(0.1, agreements) * Math.Pow(0.9, 3 - agreements);
            counts.Add(LevelCounts.Encode(levels), (long)Math.Round(match + nonMatch));
        }

        var fit = EmTrainer.Fit(counts, comparisons);

        Assert.InRange(fit.M[0][1], 0.85, 0.95);
        Assert.InRange(fit.MatchShare, 0.08, 0.12);
    }

    [Fact]
    public void TheDiagnosticsReportListsEveryLevelOfEveryComparisonWithItsWeight()
    {
        var model = ModelFile.Default();
        var text = ModelReport.Text(model);
        var svg = ModelChart.Svg(model);

        foreach (var comparison in ComparisonSet.Default)
        {
            foreach (var level in comparison.Levels)
            {
                Assert.Contains(level, text);
            }
        }

        Assert.StartsWith("<svg", svg);
        Assert.Equal(ComparisonSet.Default.Sum(c => c.Levels.Count), svg.Split("<rect").Length - 1);
    }
}
