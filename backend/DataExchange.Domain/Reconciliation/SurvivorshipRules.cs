using DataExchange.Domain.Access;
using DataExchange.Domain.Agencies;

namespace DataExchange.Domain.Reconciliation;

/// <summary>
/// The golden record's fields and who is authoritative for each, as data (DOMAIN.md, "who knows what best"):
/// public security for identity, household and parents; education for schooling; health for health;
/// the disabled persons' federation for disability; civil affairs for protection, guardian and visits.
/// Change the table, not the code, to change who wins.
/// </summary>
public static class SurvivorshipRules
{
    private static readonly Agency[] AllAgencies = [.. AgencyCodes.All];

    public static IReadOnlyList<GoldenField> Default { get; } =
    [
        Common("id_number", FieldGroup.Identity, Agency.PublicSecurity),
        Common("name", FieldGroup.Identity, Agency.PublicSecurity),
        Common("sex", FieldGroup.Identity, Agency.PublicSecurity),
        Common("birth_date", FieldGroup.Identity, Agency.PublicSecurity),
        Common("region_code", FieldGroup.Contact, Agency.PublicSecurity),
        Common("address", FieldGroup.Contact, Agency.PublicSecurity),
        Own("household_no", FieldGroup.Identity, Agency.PublicSecurity),
        Own("father_name", FieldGroup.Identity, Agency.PublicSecurity),
        Own("father_id_number", FieldGroup.Identity, Agency.PublicSecurity),
        Own("mother_name", FieldGroup.Identity, Agency.PublicSecurity),
        Own("mother_id_number", FieldGroup.Identity, Agency.PublicSecurity),
        Own("student_no", FieldGroup.Education, Agency.Education),
        Own("school_name", FieldGroup.Education, Agency.Education),
        Own("grade", FieldGroup.Education, Agency.Education),
        Own("enrollment_status", FieldGroup.Education, Agency.Education),
        Own("health_record_no", FieldGroup.Health, Agency.Health),
        Own("chronic_condition", FieldGroup.Health, Agency.Health),
        Own("disability_cert_no", FieldGroup.Disability, Agency.DisabledFederation),
        Own("disability_category", FieldGroup.Disability, Agency.DisabledFederation),
        Own("disability_level", FieldGroup.Disability, Agency.DisabledFederation),
        Own("category", FieldGroup.Welfare, Agency.CivilAffairs),
        Own("parents_status", FieldGroup.Welfare, Agency.CivilAffairs),
        Own("last_visit_date", FieldGroup.Welfare, Agency.CivilAffairs),
        Own("guardian_relation", FieldGroup.Contact, Agency.CivilAffairs),
        // The guardian is civil affairs' to record; schools and clinics know one too, and fill the gap.
        Shared("guardian_name", FieldGroup.Contact, [Agency.CivilAffairs], Agency.Education, Agency.Health, Agency.DisabledFederation),
        Shared("guardian_phone", FieldGroup.Contact, [Agency.CivilAffairs], Agency.Education, Agency.Health),
    ];

    /// <summary>The field of that name in <see cref="Default"/> (the first, should two share one); null when none.</summary>
    public static GoldenField? Find(string name) => ByName.GetValueOrDefault(name);

    // Declared after Default, so built from it (static initialisers run in order). A look-up instead of a scan with a
    // closure: disclosure asks for every shown field of every GetChild. Default is immutable, so this never goes stale.
    private static readonly Dictionary<string, GoldenField> ByName = FirstByName();

    private static Dictionary<string, GoldenField> FirstByName()
    {
        var byName = new Dictionary<string, GoldenField>(StringComparer.Ordinal);
        foreach (var field in Default)
        {
            byName.TryAdd(field.Name, field);
        }

        return byName;
    }

    private static GoldenField Common(string column, FieldGroup group, Agency authority) =>
        new(column, group, [authority], [.. AllAgencies.Select(agency => new FieldSource(agency, column))]);

    private static GoldenField Own(string column, FieldGroup group, Agency owner) =>
        new(column, group, [owner], [new FieldSource(owner, column)]);

    private static GoldenField Shared(string column, FieldGroup group, Agency[] authorities, params Agency[] others) =>
        new(column, group, authorities, [.. authorities.Concat(others).Select(agency => new FieldSource(agency, column))]);
}
