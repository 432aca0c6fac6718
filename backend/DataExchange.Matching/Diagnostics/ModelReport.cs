using System.Globalization;
using System.Text;
using DataExchange.Matching.Scoring;
using DataExchange.Matching.Training;

namespace DataExchange.Matching.Diagnostics;

/// <summary>
/// Splink's "match weights chart" as text: per comparison level m, u, match weight (log2 m/u) and how
/// many candidate pairs fell in it. Counts come from a run's comparison vectors when given, otherwise
/// from the counts recorded at training time.
/// </summary>
public static class ModelReport
{
    public sealed record Row(string Comparison, int Level, string Label, double M, double U, double Weight, long Pairs);

    public static List<Row> Rows(MatchModel model, LevelCounts? counts = null)
    {
        var rows = new List<Row>();
        for (var c = 0; c < model.Comparisons.Count; c++)
        {
            var comparison = model.Comparisons[c];
            var perLevel = counts?.PerLevel(c, comparison.Levels.Count);
            for (var l = 0; l < comparison.Levels.Count; l++)
            {
                var level = comparison.Levels[l];
                rows.Add(new Row(comparison.Name, l, level.Label + (comparison.TermFrequencyAdjusted && l is 1 or 2 ? " (tf-adjusted)" : ""),
                    level.M, level.U, l == 0 ? 0 : level.Weight, perLevel?[l] ?? level.PairCount));
            }
        }

        return rows;
    }

    public static string Text(MatchModel model, LevelCounts? counts = null)
    {
        var text = new StringBuilder();
        var culture = CultureInfo.InvariantCulture;
        text.AppendLine(culture, $"model v{model.Version} trained on {model.TrainedOn}");
        text.AppendLine(culture, $"prior λ = {model.ProbabilityTwoRandomRecordsMatch:E3} at training size (weight {model.PriorWeight:F2}; {model.MatchesPerRecord:F3} matching pairs per record, rescaled to each run's size); link ≥ {model.LinkThreshold:F1}, review ≥ {model.ReviewThreshold:F1}, cannot-link < {model.CannotLinkThreshold:F1}");
        text.AppendLine(culture, $"{"comparison",-12} {"lvl",3} {"level",-52} {"m",10} {"u",10} {"weight",7} {"pairs",12}");
        foreach (var row in Rows(model, counts))
        {
            var line = row.Level == 0
                ? string.Format(culture, "{0,-12} {1,3} {2,-52} {3,10} {4,10} {5,7} {6,12}", row.Comparison, row.Level, row.Label, "", "", "0", row.Pairs)
                : string.Format(culture, "{0,-12} {1,3} {2,-52} {3,10:G4} {4,10:G4} {5,7:F2} {6,12}", row.Comparison, row.Level, row.Label, row.M, row.U, row.Weight, row.Pairs);
            text.AppendLine(line);
        }

        return text.ToString();
    }
}
