using DataExchange.Domain.Agencies;

namespace DataExchange.Domain.Records;

/// <summary>
/// One agency record exactly as it was sent: the common columns, the agency's own columns (by their
/// exchange-format names) and any extra columns as attributes. Nothing here is normalised.
/// </summary>
public sealed record SourceRecord
{
    public required Agency Agency { get; init; }
    public required string SourceId { get; init; }
    public string IdNumber { get; init; } = "";
    public string Name { get; init; } = "";
    public string Sex { get; init; } = "";
    public string BirthDate { get; init; } = "";
    public string RegionCode { get; init; } = "";
    public string Address { get; init; } = "";

    /// <summary>The agency's own columns (e.g. <c>student_no</c>), keyed by exchange-format column name.</summary>
    public IReadOnlyDictionary<string, string> Details { get; init; } = EmptyColumns;

    /// <summary>The agency whose columns <see cref="Details"/> holds; differs from <see cref="Agency"/> only in a bad request.</summary>
    public Agency? DetailsAgency { get; init; }

    /// <summary>Extra columns the spec does not name, kept as they came.</summary>
    public IReadOnlyDictionary<string, string> Attributes { get; init; } = EmptyColumns;

    public string Detail(string column) => Details.TryGetValue(column, out var value) ? value : "";

    private static readonly IReadOnlyDictionary<string, string> EmptyColumns = new Dictionary<string, string>();
}
