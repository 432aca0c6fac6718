using DataExchange.Matching.Features;

namespace DataExchange.Matching.Comparisons;

/// <summary>Address from the town down: exact, same village, same town, else.</summary>
public sealed class AddressComparison : IComparison
{
    public const int Null = 0, Exact = 1, SameVillage = 2, SameTown = 3, Else = 4;

    public string Name => "address";

    public IReadOnlyList<string> Levels { get; } = ["null", "exact from the town down", "same village", "same town", "else"];

    public int Compare(RecordFeatures a, RecordFeatures b)
    {
        var x = a.Address;
        var y = b.Address;
        if (x.IsEmpty || y.IsEmpty)
        {
            return Null;
        }

        if (string.Equals(x.Tail, y.Tail, StringComparison.Ordinal))
        {
            return Exact;
        }

        if (x.VillageHash != 0 && x.VillageHash == y.VillageHash)
        {
            return SameVillage;
        }

        return x.TownHash != 0 && x.TownHash == y.TownHash ? SameTown : Else;
    }
}
