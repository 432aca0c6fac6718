using System.Text.Json;
using System.Text.Json.Serialization;
using DataExchange.Matching.Features;
using DataExchange.Matching.Scoring;

namespace DataExchange.Reconciliation.Linking;

/// <summary>One comparison's part of a pair's score, as the portal shows it side by side.</summary>
public sealed record ComparisonPart(
    [property: JsonPropertyName("comparison")] string Comparison,
    [property: JsonPropertyName("level")] string Level,
    [property: JsonPropertyName("weight")] double Weight);

/// <summary>The per-comparison score breakdown of a pair: comparison name, level label, match weight.</summary>
public static class Breakdown
{
    public static (double Weight, List<ComparisonPart> Parts) Of(Scorer scorer, RecordFeatures a, RecordFeatures b)
    {
        Span<byte> levels = stackalloc byte[scorer.Comparisons.Count];
        var weight = scorer.Score(a, b, levels);
        var parts = new List<ComparisonPart>(levels.Length);
        for (var c = 0; c < levels.Length; c++)
        {
            var comparison = scorer.Comparisons[c];
            var level = levels[c];
            var label = level < comparison.Levels.Count ? comparison.Levels[level] : level.ToString(System.Globalization.CultureInfo.InvariantCulture);
            parts.Add(new ComparisonPart(comparison.Name, label, Math.Round(scorer.LevelWeight(c, level, a, b), 3)));
        }

        return (weight, parts);
    }

    public static string Serialize(List<ComparisonPart> parts) => JsonSerializer.Serialize(parts);

    public static List<ComparisonPart> Deserialize(string json) => JsonSerializer.Deserialize<List<ComparisonPart>>(json) ?? [];
}
