using DataExchange.Domain.Agencies;
using DataExchange.Domain.Normalization;

namespace DataExchange.Domain.Reconciliation;

/// <summary>
/// The cross-department comparisons that find children who need help, evaluated over one child's linked
/// records and golden record. Pure: the same records and date always give the same findings.
/// </summary>
public static class DiscoveryRules
{
    /// <summary>The civil-affairs categories that make a child a registered vulnerable child.</summary>
    public static IReadOnlySet<string> VulnerableCategories { get; } =
        new HashSet<string>(StringComparer.Ordinal) { "orphan", "de_facto_unsupported", "left_behind", "in_difficulty" };

    public static IReadOnlyList<AlertFinding> Evaluate(IReadOnlyList<LinkedRecord> records, GoldenRecord golden, IReadOnlyList<Conflict> conflicts, DateOnly today)
    {
        var findings = new List<AlertFinding>();
        var holds = records.Select(record => record.Agency).ToHashSet();
        var category = golden.Value("category");
        int? age = DateSpellings.TryParse(golden.Value("birth_date"), out var birth) ? AgeOn(birth, today) : null;

        if (VulnerableCategories.Contains(category) && records.Any(r => r.Agency == Agency.Education && r.Value("enrollment_status") == "dropped_out"))
        {
            var message = $"A registered {category} child is marked dropped_out by education.";
            findings.Add(new(AlertRule.VulnerableChildDroppedOut, Agency.CivilAffairs, "child", message));
            findings.Add(new(AlertRule.VulnerableChildDroppedOut, Agency.Education, "child", message));
        }

        if (holds.Contains(Agency.DisabledFederation) && !holds.Contains(Agency.CivilAffairs) && age is < 18)
        {
            findings.Add(new(AlertRule.DisabledChildUnknownToCivilAffairs, Agency.CivilAffairs, "child",
                $"A disability-certificate holder aged {age} is not known to civil affairs: possibly a child in difficulty."));
        }

        if (holds.Contains(Agency.PublicSecurity) && !holds.Contains(Agency.Education) && age is >= 6 and <= 15)
        {
            findings.Add(new(AlertRule.PossiblyOutOfSchool, Agency.Education, "child",
                $"A child aged {age} is in the household register but in no school record: possibly out of school."));
        }

        if (VisitOverdue(category, golden.Value("last_visit_date"), today) is { } overdue)
        {
            findings.Add(new(AlertRule.VisitOverdue, Agency.CivilAffairs, "child", overdue));
        }

        foreach (var conflict in conflicts.Where(conflict => conflict.IsInternal))
        {
            var record = conflict.Values[0].Record;
            findings.Add(new(AlertRule.IdentityInconsistency, record.Agency, conflict.Key,
                $"{record}: {conflict.Field} {conflict.Values[0].Value} contradicts the record's ID number."));
        }

        return findings;
    }

    /// <summary>
    /// Visit duties (Qingdao item 10): orphans and de facto unsupported children at least monthly; left-behind
    /// and other vulnerable children at least every 3 months. A vulnerable child never visited is overdue.
    /// </summary>
    public static string? VisitOverdue(string category, string lastVisit, DateOnly today)
    {
        var months = category switch
        {
            "orphan" or "de_facto_unsupported" => 1,
            "left_behind" or "in_difficulty" => 3,
            _ => 0,
        };
        if (months == 0)
        {
            return null;
        }

        if (!DateSpellings.TryParse(lastVisit, out var visited))
        {
            return $"A {category} child has no recorded visit; visits are due every {months} month(s).";
        }

        var due = visited.AddMonths(months);
        return due < today
            ? $"A {category} child was last visited on {DateSpellings.ToIso(visited)}; the next visit was due by {DateSpellings.ToIso(due)}."
            : null;
    }

    public static int AgeOn(DateOnly birth, DateOnly today)
    {
        var age = today.Year - birth.Year;
        return birth.AddYears(age) > today ? age - 1 : age;
    }
}
