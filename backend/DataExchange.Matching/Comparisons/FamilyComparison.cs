using DataExchange.Matching.Features;

namespace DataExchange.Matching.Comparisons;

/// <summary>
/// Guardian and parents: the guardian's phone and name (education, health, civil affairs), the parents'
/// names and ID numbers (public security). A guardian is often a parent, so names are compared across roles.
/// Twins and siblings share all of it, which is why it is only one comparison among many.
/// </summary>
public sealed class FamilyComparison : IComparison
{
    public const int Null = 0, PhoneAndName = 1, PhoneOrParentId = 2, Name = 3, Else = 4;

    string IComparison.Name => "family";

    public IReadOnlyList<string> Levels { get; } =
        ["null", "guardian phone and a name agree", "guardian phone or a parent's ID agrees", "a guardian or parent name agrees", "else"];

    public int Compare(RecordFeatures a, RecordFeatures b)
    {
        if (a.FamilyNames.Length + a.Phones.Length + a.ParentIds.Length == 0
            || b.FamilyNames.Length + b.Phones.Length + b.ParentIds.Length == 0)
        {
            return Null;
        }

        var phone = Shares(a.Phones, b.Phones);
        var name = Shares(a.FamilyNames, b.FamilyNames);
        if (phone && name)
        {
            return PhoneAndName;
        }

        if (phone || Shares(a.ParentIds, b.ParentIds))
        {
            return PhoneOrParentId;
        }

        return name ? Name : Else;
    }

    private static bool Shares(ReadOnlySpan<long> a, ReadOnlySpan<long> b)
    {
        foreach (var x in a)
        {
            foreach (var y in b)
            {
                if (x == y)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
