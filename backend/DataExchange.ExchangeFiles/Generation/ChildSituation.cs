using DataExchange.Domain.Agencies;
using DataExchange.Domain.Reconciliation;

namespace DataExchange.ExchangeFiles.Generation;

/// <summary>
/// What is true of a child on the as-of date, decided once before any record is drafted, so that every record of
/// the child agrees with it and the alert truth can be computed from it: the agencies that hold the child, the
/// civil-affairs category, school status, health condition and the last home visit.
/// </summary>
public sealed record ChildSituation(
    IReadOnlyList<Agency> Holders,
    string Category,
    string Enrollment,
    string Condition,
    string LastVisit,
    int Age)
{
    public bool Holds(Agency agency) => Holders.Contains(agency);

    public bool Vulnerable => DiscoveryRules.VulnerableCategories.Contains(Category);

    /// <summary>The visit duty in months of the child's real situation (DOMAIN.md), or 0 when there is none.</summary>
    public int VisitMonths(Child child)
    {
        if (!Vulnerable || Age >= 18)
        {
            return 0;
        }

        var monthly = Category is "orphan" or "de_facto_unsupported"
            || Enrollment == "dropped_out"
            || VisitDuty.SeriousConditions.Contains(Condition)
            || child.DisabilityCategory > 0 && child.DisabilityLevel <= 2;
        return monthly ? 1 : 3;
    }
}
