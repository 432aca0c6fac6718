using DataExchange.Domain.Agencies;

namespace DataExchange.Domain.Reconciliation;

/// <summary>One child's current file (一人一档): a value per field, each with where it came from and why it won.</summary>
public sealed record GoldenRecord(IReadOnlyDictionary<string, GoldenValue> Fields)
{
    public string Value(string field) => Fields.TryGetValue(field, out var value) ? value.Value : "";
}

/// <summary>A chosen value and its provenance: the record and version it was read from, and the rule that chose it.</summary>
public sealed record GoldenValue(string Field, string Value, Provenance Source, SurvivorshipReason Reason);

/// <summary>Where a value came from: agency, record, version, time.</summary>
public sealed record Provenance(Agency Agency, string SourceId, int Version, DateTime UpdatedAt);

/// <summary>Which rule decided the value.</summary>
public enum SurvivorshipReason
{
    /// <summary>The only source that had a value.</summary>
    OnlySource,

    /// <summary>The authoritative agency for the field.</summary>
    Authority,

    /// <summary>No authority had it; the most recently updated source won.</summary>
    MostRecent,

    /// <summary>Sources updated on the same day disagreed; the value most of them hold won.</summary>
    MostFrequent,
}
