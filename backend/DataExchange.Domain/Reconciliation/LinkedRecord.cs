using DataExchange.Domain.Agencies;

namespace DataExchange.Domain.Reconciliation;

/// <summary>
/// One agency record as reconciliation sees it: who sent it, which version, when, and its normalised values
/// keyed by exchange-format column name (common columns and the agency's own).
/// </summary>
public sealed record LinkedRecord(
    Agency Agency,
    string SourceId,
    int Version,
    DateTime UpdatedAt,
    IReadOnlyDictionary<string, string> Values)
{
    public string Value(string column) => Values.TryGetValue(column, out var value) ? value : "";

    public RecordRef Ref => new(Agency, SourceId);
}

/// <summary>An agency record's identity: the agency and its key.</summary>
public readonly record struct RecordRef(Agency Agency, string SourceId)
{
    public override string ToString() => $"{Agency.ToCode()}/{SourceId}";
}
