using DataExchange.Domain.Agencies;
using DataExchange.Domain.Identifiers;
using DataExchange.Domain.Normalization;

namespace DataExchange.Domain.Reconciliation;

/// <summary>
/// The cross-department comparisons that find children who need help, evaluated over one child's linked
/// records and golden record on an as-of date the caller states (the host's Reconciliation:AsOfDate, dx's --as-of):
/// pure, the same records and date always give the same findings. Each finding carries facts, not text.
/// </summary>
public static class DiscoveryRules
{
    /// <summary>The civil-affairs categories that make a child a registered vulnerable child.</summary>
    public static IReadOnlySet<string> VulnerableCategories { get; } =
        new HashSet<string>(StringComparer.Ordinal) { "orphan", "de_facto_unsupported", "left_behind", "in_difficulty" };

    public static IReadOnlyList<AlertFinding> Evaluate(IReadOnlyList<LinkedRecord> records, GoldenRecord golden, IReadOnlyList<Conflict> conflicts, DateOnly asOf)
    {
        var findings = new List<AlertFinding>();
        var holds = records.Select(record => record.Agency).ToHashSet();
        var category = golden.Value("category");
        int? age = DateSpellings.TryParse(golden.Value("birth_date"), out var birth) ? AgeOn(birth, asOf) : null;

        if (VulnerableCategories.Contains(category) && records.Any(r => r.Agency == Agency.Education && r.Value("enrollment_status") == "dropped_out"))
        {
            var facts = new AlertFacts(("category", category));
            findings.Add(new(AlertRule.VulnerableChildDroppedOut, Agency.CivilAffairs, "child", facts));
            findings.Add(new(AlertRule.VulnerableChildDroppedOut, Agency.Education, "child", facts));
        }

        if (holds.Contains(Agency.DisabledFederation) && !holds.Contains(Agency.CivilAffairs) && age is < 18)
        {
            findings.Add(new(AlertRule.DisabledChildUnknownToCivilAffairs, Agency.CivilAffairs, "child", new AlertFacts(("age", $"{age}"))));
        }

        if (holds.Contains(Agency.PublicSecurity) && !holds.Contains(Agency.Education) && age is >= 6 and <= 15)
        {
            findings.Add(new(AlertRule.PossiblyOutOfSchool, Agency.Education, "child", new AlertFacts(("age", $"{age}"))));
        }

        if (VisitOverdue(category, records, golden, age, asOf) is { } overdue)
        {
            findings.Add(new(AlertRule.VisitOverdue, Agency.CivilAffairs, "child", overdue));
        }

        foreach (var conflict in conflicts.Where(conflict => conflict.IsInternal))
        {
            var record = records.First(candidate => candidate.Ref == conflict.Values[0].Record);
            findings.Add(new(AlertRule.IdentityInconsistency, record.Agency, conflict.Key, InconsistencyFacts(conflict, record, asOf)));
        }

        // An ID number that contradicts itself is a mistyped ID: a birth date that is no real day before the as-of date
        // always; a wrong check character only where the household register holds the child under another number (the
        // register is the authority for the ID, and files whose every check character is wrong, like the shared
        // sample's, would otherwise alert on every record). Said once per record, and only when nothing above already
        // names the record's ID as wrong.
        var registered = records.Where(r => r.Agency == Agency.PublicSecurity).Select(r => CitizenIdNumber.Normalize(r.Value("id_number")))
            .Where(id => id.Length > 0).ToHashSet(StringComparer.Ordinal);
        foreach (var record in records)
        {
            var check = CitizenIdNumber.Check(record.Value("id_number"), asOf);
            var reference = record.Ref.ToString();
            var wrongCheck = check.Problem == IdNumberProblem.WrongCheckCharacter && registered.Count > 0 && !registered.Contains(check.Normalized);
            if ((wrongCheck || check.Problem == IdNumberProblem.ImpossibleBirthDate)
                && !findings.Any(f => f.Rule == AlertRule.IdentityInconsistency && f.Facts["record"] == reference))
            {
                var kind = wrongCheck ? "IdCheckCharacter" : "IdImpossibleBirthDate";
                findings.Add(new(AlertRule.IdentityInconsistency, record.Agency, $"{kind}:id_number:{reference}",
                    new AlertFacts(("record", reference), ("kind", kind), ("field", "id_number"))));
            }
        }

        return findings;
    }

    /// <summary>
    /// The facts of an overdue visit, or null when none is due by <paramref name="asOf"/> (see <see cref="VisitDuty"/>):
    /// the next visit is due the duty's months after the last (a child never visited is due at once), and overdue
    /// once the as-of date is past that day.
    /// </summary>
    public static AlertFacts? VisitOverdue(string category, IReadOnlyList<LinkedRecord> records, GoldenRecord golden, int? age, DateOnly asOf)
    {
        if (VisitDuty.For(category, records, golden, age) is not { } duty)
        {
            return null;
        }

        var reasons = ("reasons", string.Join(',', duty.Reasons));
        var months = ("months", $"{duty.Months}");
        if (!DateSpellings.TryParse(golden.Value("last_visit_date"), out var visited))
        {
            return new AlertFacts(("category", category), months, reasons);
        }

        var due = visited.AddMonths(duty.Months);
        return due < asOf
            ? new AlertFacts(("category", category), months, reasons, ("last_visit", DateSpellings.ToIso(visited)), ("due", DateSpellings.ToIso(due)))
            : null;
    }

    public static int AgeOn(DateOnly birth, DateOnly today)
    {
        var age = today.Year - birth.Year;
        return birth.AddYears(age) > today ? age - 1 : age;
    }

    /// <summary>
    /// Which record and what disagrees in it. Only a birth date or sex is kept as a value (with what the ID number
    /// implies): a student or certificate number carries an ID number, so for those the facts name the field alone.
    /// </summary>
    private static AlertFacts InconsistencyFacts(Conflict conflict, LinkedRecord record, DateOnly asOf)
    {
        var facts = new List<(string, string)> { ("record", record.Ref.ToString()), ("kind", conflict.Kind.ToString()), ("field", conflict.Field) };
        var implied = CitizenIdNumber.Check(record.Value("id_number"), asOf).Parsed;
        if (conflict.Kind == ConflictKind.IdBirthDateMismatch && implied is not null && DateSpellings.TryParse(record.Value("birth_date"), out var stated))
        {
            facts.Add(("stated", DateSpellings.ToIso(stated)));
            facts.Add(("id_says", DateSpellings.ToIso(implied.BirthDate)));
        }
        else if (conflict.Kind == ConflictKind.IdSexMismatch && implied is not null && SexCodes.Parse(record.Value("sex")) is { } sex)
        {
            facts.Add(("stated", sex.ToCode()));
            facts.Add(("id_says", implied.Sex.ToCode()));
        }

        return new AlertFacts([.. facts]);
    }
}
