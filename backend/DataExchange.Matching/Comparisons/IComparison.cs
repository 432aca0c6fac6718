using DataExchange.Matching.Features;

namespace DataExchange.Matching.Comparisons;

/// <summary>
/// A comparison in Splink's sense: an ordered list of levels, level 0 "null" (a value is missing, no
/// evidence either way), then exact, then fuzzier levels, the last one "else". <see cref="Compare"/>
/// returns the first level the pair satisfies.
/// </summary>
public interface IComparison
{
    /// <summary>Stable name used in the model file.</summary>
    string Name { get; }

    /// <summary>Level descriptions, index = level; index 0 is always the null level.</summary>
    IReadOnlyList<string> Levels { get; }

    int Compare(RecordFeatures a, RecordFeatures b);
}
