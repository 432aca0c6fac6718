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

    public static IReadOnlyList<Conflict> Detect(IReadOnlyList<LinkedRecord> records, IReadOnlyList<GoldenField>? rules = null)
    {
        var conflicts = new List<Conflict>();
        foreach (var field in IdentityFields)
        {
            var rule = (rules ?? SurvivorshipRules.Default).First(candidate => candidate.Name == field);
            AuthorityDisagreement(rule, records, conflicts);
        }

        foreach (var record in records)
        {
            InsideRecord(record, conflicts);
        }

        return conflicts;
    }

    private static void AuthorityDisagreement(GoldenField field, IReadOnlyList<LinkedRecord> records, List<Conflict> conflicts)
    {
        var withValue = records.Where(record => record.Value(field.Name).Length > 0).ToList();
        var authorities = withValue.Where(record => field.AuthorityRank(record.Agency) == 0).ToList();
        if (authorities.Count == 0)
        {
            return;
        }

        var authorityValues = authorities.Select(record => record.Value(field.Name)).ToHashSet(StringComparer.Ordinal);
        var dissenters = withValue.Where(record => field.AuthorityRank(record.Agency) != 0 && !authorityValues.Contains(record.Value(field.Name))).ToList();
        if (dissenters.Count == 0 && authorityValues.Count == 1)
        {
            return;
        }

        var values = authorities.Concat(dissenters).Select(record => new ConflictingValue(record.Ref, record.Version, record.Value(field.Name))).ToList();
        conflicts.Add(new Conflict(ConflictKind.AuthorityDisagreement, field.Name, values));
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
