using DataExchange.Matching.Features;

namespace DataExchange.Matching.Comparisons;

/// <summary>Region code of residence: same county, same city, same province, else (families move).</summary>
public sealed class RegionComparison : IComparison
{
    public const int Null = 0, County = 1, City = 2, Province = 3, Else = 4;

    public string Name => "region";

    public IReadOnlyList<string> Levels { get; } = ["null", "same county", "same city", "same province", "else"];

    public int Compare(RecordFeatures a, RecordFeatures b)
    {
        if (a.Region == 0 || b.Region == 0)
        {
            return Null;
        }

        return a.Region == b.Region ? County
            : a.Region / 100 == b.Region / 100 ? City
            : a.Region / 10000 == b.Region / 10000 ? Province
            : Else;
    }
}
