using System.Collections.Frozen;

namespace DataExchange.Domain.Agencies;

/// <summary>The columns of one agency's exchange file beyond the common ones, with the values each may take.</summary>
public sealed record AgencySchema(Agency Agency, IReadOnlyList<AgencyColumn> Columns)
{
    /// <summary>The columns every agency file has, in the spec's order.</summary>
    public static IReadOnlyList<string> CommonColumns { get; } =
        ["source_id", "id_number", "name", "sex", "birth_date", "region_code", "address"];

    public static AgencySchema For(Agency agency) => Schemas[agency];

    // Asked for every column of every record ingested: a set, not a scan with a closure per call.
    private readonly FrozenSet<string> columnNames =
        Columns.Select(column => column.Name).ToFrozenSet(StringComparer.Ordinal);

    public bool HasColumn(string name) => columnNames.Contains(name);

    private static readonly Dictionary<Agency, AgencySchema> Schemas = new()
    {
        [Agency.PublicSecurity] = new(Agency.PublicSecurity,
        [
            new("household_no"), new("father_name"), new("father_id_number", ColumnKind.IdNumber),
            new("mother_name"), new("mother_id_number", ColumnKind.IdNumber),
        ]),
        [Agency.Education] = new(Agency.Education,
        [
            new("student_no", ColumnKind.StudentNumber), new("school_name"), new("grade", ColumnKind.Integer, Min: 1, Max: 12),
            new("enrollment_status", ColumnKind.Enumeration, Allowed: ["enrolled", "dropped_out", "transferred", "graduated", "suspended"]),
            new("guardian_name"), new("guardian_phone", ColumnKind.Phone),
        ]),
        [Agency.Health] = new(Agency.Health,
        [
            new("health_record_no"), new("guardian_name"), new("guardian_phone", ColumnKind.Phone),
            new("chronic_condition"), new("last_visit_date", ColumnKind.Date),
        ]),
        [Agency.DisabledFederation] = new(Agency.DisabledFederation,
        [
            new("disability_cert_no", ColumnKind.DisabilityCertificate),
            new("disability_category", ColumnKind.Integer, Min: 1, Max: 7),
            new("disability_level", ColumnKind.Integer, Min: 1, Max: 4),
            new("guardian_name"),
        ]),
        [Agency.CivilAffairs] = new(Agency.CivilAffairs,
        [
            new("category", ColumnKind.Enumeration, Allowed: ["orphan", "de_facto_unsupported", "left_behind", "in_difficulty", "none"]),
            new("guardian_name"), new("guardian_relation"), new("guardian_phone", ColumnKind.Phone),
            new("parents_status", ColumnKind.Enumeration, Allowed: ["both_away", "one_away_other_incapable", "at_home", "deceased"]),
            new("last_visit_date", ColumnKind.Date),
        ]),
    };
}

/// <summary>One agency-specific column and the shape its value must have (an empty value is always allowed).</summary>
public sealed record AgencyColumn(
    string Name,
    ColumnKind Kind = ColumnKind.Text,
    int Min = 0,
    int Max = 0,
    IReadOnlyList<string>? Allowed = null);

/// <summary>How a column's value is validated and normalised.</summary>
public enum ColumnKind
{
    Text,
    Integer,
    Enumeration,
    Date,
    Phone,
    IdNumber,
    StudentNumber,
    DisabilityCertificate,
}
