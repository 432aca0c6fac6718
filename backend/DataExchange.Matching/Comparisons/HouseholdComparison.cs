using DataExchange.Matching.Features;

namespace DataExchange.Matching.Comparisons;

/// <summary>
/// Address and family (guardian phone and name, parents' names and IDs) as one comparison. They are not
/// independent: a family that shares a phone shares an address, and scoring them as two comparisons adds
/// the same household up twice, which is exactly how siblings and twins outscore a differing name or date.
/// As one comparison, u of "same address and same phone" is measured jointly by random sampling.
/// </summary>
public sealed class HouseholdComparison : IComparison
{
    public const int Null = 0, AddressAndPhone = 1, AddressAndFamily = 2, Address = 3, PhoneMoved = 4, FamilyMoved = 5, SameVillage = 6, Else = 7;

    private static readonly AddressComparison Addresses = new();
    private static readonly FamilyComparison Families = new();

    public string Name => "household";

    public IReadOnlyList<string> Levels { get; } =
    [
        "null", "same address and guardian phone", "same address and a guardian/parent name or parent ID",
        "same address, family differs or unknown", "guardian phone agrees, address differs (moved)",
        "a guardian/parent name agrees, address differs", "same village or town", "else",
    ];

    public int Compare(RecordFeatures a, RecordFeatures b)
    {
        var address = Addresses.Compare(a, b);
        var family = Families.Compare(a, b);
        if (address == AddressComparison.Null && family == FamilyComparison.Null)
        {
            return Null;
        }

        var phone = family is FamilyComparison.PhoneAndName or FamilyComparison.PhoneOrParentId && a.Phones.Length > 0 && b.Phones.Length > 0;
        var anyFamily = family is FamilyComparison.PhoneAndName or FamilyComparison.PhoneOrParentId or FamilyComparison.Name;
        if (address == AddressComparison.Exact)
        {
            return phone ? AddressAndPhone : anyFamily ? AddressAndFamily : Address;
        }

        if (phone)
        {
            return PhoneMoved;
        }

        if (anyFamily)
        {
            return FamilyMoved;
        }

        return address is AddressComparison.SameVillage or AddressComparison.SameTown ? SameVillage : Else;
    }
}
