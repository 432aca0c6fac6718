using DataExchange.Domain.Agencies;
using DataExchange.Domain.Identifiers;
using DataExchange.Domain.Normalization;

namespace DataExchange.Domain.Reconciliation;

/// <summary>
/// Finds the disagreements a steward must see in one child's linked records: between the authority and
/// another source on an identity field, and inside single records whose identifiers contradict themselves.
/// Values are compared normalised, so a spelling difference the intake already folded is no conflict.
/// </summary>
public static class ConflictDetector
{
    /// <summary>The identity fields on which the authority and others must agree.</summary>
    public static IReadOnlyList<string> IdentityFields { get; } = ["name", "birth_date", "sex", "id_number"];

    // The default rules' identity fields, looked up once rather than for every child.
    private static readonly GoldenField[] DefaultIdentityRules = Rules(SurvivorshipRules.Default);

    public static IReadOnlyList<Conflict> Detect(IReadOnlyList<LinkedRecord> records, IReadOnlyList<GoldenField>? rules = null)
    {
        var conflicts = new List<Conflict>();
        foreach (var rule in rules is null ? DefaultIdentityRules : Rules(rules))
        {
            AuthorityDisagreement(rule, records, conflicts);
        }

        foreach (var record in records)
        {
            InsideRecord(record, conflicts);
        }

        return conflicts;
    }

    private static GoldenField[] Rules(IReadOnlyList<GoldenField> rules) =>
        [.. IdentityFields.Select(field => rules.First(candidate => candidate.Name == field))];

    /// <summary>
    /// The authority's values and every other value none of them holds, when there is any such value or the authority's
    /// own records disagree. Loops, not LINQ: this runs for four fields of every child the linker touches, and nearly
    /// every child has nothing to report, which the first pass finds without allocating.
    /// </summary>
    private static void AuthorityDisagreement(GoldenField field, IReadOnlyList<LinkedRecord> records, List<Conflict> conflicts)
    {
        string? authorityValue = null;
        var authoritiesDisagree = false;
        for (var i = 0; i < records.Count; i++)
        {
            if (field.AuthorityRank(records[i].Agency) == 0 && records[i].Value(field.Name) is { Length: > 0 } value)
            {
                authoritiesDisagree |= authorityValue is not null && !string.Equals(authorityValue, value, StringComparison.Ordinal);
                authorityValue ??= value;
            }
        }

        if (authorityValue is null)
        {
            return;
        }

        List<LinkedRecord>? dissenters = null;
        for (var i = 0; i < records.Count; i++)
        {
            if (field.AuthorityRank(records[i].Agency) != 0 && records[i].Value(field.Name) is { Length: > 0 } value && !HeldByAuthority(field, records, value))
            {
                (dissenters ??= []).Add(records[i]);
            }
        }

        if (dissenters is null && !authoritiesDisagree)
        {
            return;
        }

        var values = new List<ConflictingValue>();
        foreach (var record in records)
        {
            if (field.AuthorityRank(record.Agency) == 0 && record.Value(field.Name).Length > 0)
            {
                values.Add(new ConflictingValue(record.Ref, record.Version, record.Value(field.Name)));
            }
        }

        foreach (var record in dissenters ?? [])
        {
            values.Add(new ConflictingValue(record.Ref, record.Version, record.Value(field.Name)));
        }

        conflicts.Add(new Conflict(ConflictKind.AuthorityDisagreement, field.Name, values));
    }

    private static bool HeldByAuthority(GoldenField field, IReadOnlyList<LinkedRecord> records, string value)
    {
        for (var i = 0; i < records.Count; i++)
        {
            if (field.AuthorityRank(records[i].Agency) == 0 && string.Equals(records[i].Value(field.Name), value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static void InsideRecord(LinkedRecord record, List<Conflict> conflicts)
    {
        var id = CitizenIdNumber.Check(record.Value("id_number"));
        if (id.Parsed is { } parsed)
        {
            if (DateSpellings.TryParse(record.Value("birth_date"), out var stated) && stated != parsed.BirthDate)
            {
                conflicts.Add(Single(ConflictKind.IdBirthDateMismatch, "birth_date", record, $"{record.Value("birth_date")} (ID says {DateSpellings.ToIso(parsed.BirthDate)})"));
            }

            if (SexCodes.Parse(record.Value("sex")) is { } sex && sex != Sex.Unknown && sex != parsed.Sex)
            {
                conflicts.Add(Single(ConflictKind.IdSexMismatch, "sex", record, $"{record.Value("sex")} (ID says {parsed.Sex.ToCode()})"));
            }
        }

        var idNumber = id.Normalized;
        if (idNumber.Length == CitizenIdNumber.Length)
        {
            var certificate = record.Value("disability_cert_no");
            if (record.Agency == Agency.DisabledFederation && certificate.Length >= CitizenIdNumber.Length && certificate[..CitizenIdNumber.Length] != idNumber)
            {
                conflicts.Add(Single(ConflictKind.CertificateIdMismatch, "disability_cert_no", record, certificate));
            }

            var student = record.Value("student_no");
            if (record.Agency == Agency.Education && student.StartsWith('G') && student[1..] != idNumber)
            {
                conflicts.Add(Single(ConflictKind.StudentNumberIdMismatch, "student_no", record, student));
            }
        }
    }

    private static Conflict Single(ConflictKind kind, string field, LinkedRecord record, string value) =>
        new(kind, field, [new ConflictingValue(record.Ref, record.Version, value)]);
}
