using DataExchange.Domain.Agencies;

namespace DataExchange.Domain.Access;

/// <summary>
/// Which exchange-format column belongs to which field group, as data: the record read and (later) the child
/// directory disclose a column only when the grant covers its group. A column not listed here (an extra
/// attribute) belongs to no group and is never disclosed to another agency. <c>source_id</c> is the key the
/// reader asked with and is always returned.
/// </summary>
public static class FieldGroups
{
    /// <summary>The columns every agency file has, by group.</summary>
    public static IReadOnlyDictionary<string, FieldGroup> CommonColumns { get; } = new Dictionary<string, FieldGroup>(StringComparer.Ordinal)
    {
        ["id_number"] = FieldGroup.Identity,
        ["name"] = FieldGroup.Identity,
        ["sex"] = FieldGroup.Identity,
        ["birth_date"] = FieldGroup.Identity,
        ["region_code"] = FieldGroup.Contact,
        ["address"] = FieldGroup.Contact,
    };

    /// <summary>Each agency's own columns, by group (the same column name may sit in different groups per agency).</summary>
    public static IReadOnlyDictionary<Agency, IReadOnlyDictionary<string, FieldGroup>> AgencyColumns { get; } = new Dictionary<Agency, IReadOnlyDictionary<string, FieldGroup>>
    {
        [Agency.PublicSecurity] = Columns(
            ("household_no", FieldGroup.Identity), ("father_name", FieldGroup.Identity), ("father_id_number", FieldGroup.Identity),
            ("mother_name", FieldGroup.Identity), ("mother_id_number", FieldGroup.Identity)),
        [Agency.Education] = Columns(
            ("student_no", FieldGroup.Education), ("school_name", FieldGroup.Education), ("grade", FieldGroup.Education),
            ("enrollment_status", FieldGroup.Education), ("guardian_name", FieldGroup.Contact), ("guardian_phone", FieldGroup.Contact)),
        [Agency.Health] = Columns(
            ("health_record_no", FieldGroup.Health), ("guardian_name", FieldGroup.Contact), ("guardian_phone", FieldGroup.Contact),
            ("chronic_condition", FieldGroup.Health), ("last_visit_date", FieldGroup.Health)),
        [Agency.DisabledFederation] = Columns(
            ("disability_cert_no", FieldGroup.Disability), ("disability_category", FieldGroup.Disability),
            ("disability_level", FieldGroup.Disability), ("guardian_name", FieldGroup.Contact)),
        [Agency.CivilAffairs] = Columns(
            ("category", FieldGroup.Welfare), ("guardian_name", FieldGroup.Contact), ("guardian_relation", FieldGroup.Contact),
            ("guardian_phone", FieldGroup.Contact), ("parents_status", FieldGroup.Welfare), ("last_visit_date", FieldGroup.Welfare)),
    };

    /// <summary>
    /// Columns that carry a citizen ID number (whole, or inside a student or certificate number): shown masked
    /// unless the grant includes full identity and the reader explicitly asks to reveal them.
    /// </summary>
    public static IReadOnlySet<string> IdBearingColumns { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "id_number", "father_id_number", "mother_id_number", "student_no", "disability_cert_no",
    };

    /// <summary>The group of one column of an agency's record; null for a column in no group (never disclosed).</summary>
    public static FieldGroup? GroupOf(Agency agency, string column) =>
        CommonColumns.TryGetValue(column, out var common) ? common
        : AgencyColumns.TryGetValue(agency, out var columns) && columns.TryGetValue(column, out var own) ? own
        : null;

    /// <summary>The groups an agency's records have columns in: what a grant must include to open one of them at all.</summary>
    public static IReadOnlySet<FieldGroup> GroupsOf(Agency agency) => GroupsByAgency.GetValueOrDefault(agency) ?? CommonGroups;

    private static readonly IReadOnlySet<FieldGroup> CommonGroups = CommonColumns.Values.ToHashSet();

    private static readonly Dictionary<Agency, IReadOnlySet<FieldGroup>> GroupsByAgency = AgencyColumns.ToDictionary(
        pair => pair.Key, pair => (IReadOnlySet<FieldGroup>)CommonColumns.Values.Concat(pair.Value.Values).ToHashSet());

    public static string ToCode(this FieldGroup group) => group.ToString().ToLowerInvariant();

    public static bool TryParse(string? code, out FieldGroup group) =>
        Enum.TryParse(code, ignoreCase: true, out group) && Enum.IsDefined(group) && !int.TryParse(code, out _);

    private static Dictionary<string, FieldGroup> Columns(params (string Column, FieldGroup Group)[] columns) =>
        columns.ToDictionary(pair => pair.Column, pair => pair.Group, StringComparer.Ordinal);
}
