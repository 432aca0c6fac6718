using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using DataExchange.Domain.Agencies;
using DataExchange.Domain.Reconciliation;

namespace DataExchange.Reconciliation.Children;

/// <summary>One golden value as stored: the value and where it came from (or the steward who set it).</summary>
public sealed record StoredGoldenValue(
    [property: JsonPropertyName("value")] string Value,
    [property: JsonPropertyName("agency")] string Agency,
    [property: JsonPropertyName("source_id")] string SourceId,
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("updated_at")] DateTime UpdatedAt,
    [property: JsonPropertyName("reason")] string Reason);

/// <summary>A steward's correction of one field: it wins over survivorship until reversed.</summary>
public sealed record FieldOverride(
    [property: JsonPropertyName("value")] string Value,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("steward")] string Steward,
    [property: JsonPropertyName("decided_at")] DateTime DecidedAt,
    [property: JsonPropertyName("agency")] string Agency = "",
    [property: JsonPropertyName("source_id")] string SourceId = "",
    [property: JsonPropertyName("version")] int Version = 0);

/// <summary>The children table's JSON columns: golden record with provenance, and steward overrides.</summary>
public static class GoldenJson
{
    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The golden record with the overrides applied, field by field, in the rules' order.</summary>
    public static SortedDictionary<string, StoredGoldenValue> Compose(GoldenRecord golden, IReadOnlyDictionary<string, FieldOverride> overrides)
    {
        var fields = new SortedDictionary<string, StoredGoldenValue>(StringComparer.Ordinal);
        foreach (var (name, value) in golden.Fields)
        {
            var source = value.Source;
            fields[name] = new StoredGoldenValue(value.Value, source.Agency.ToCode(), source.SourceId, source.Version, source.UpdatedAt, ReasonCode(value.Reason));
        }

        foreach (var (name, correction) in overrides)
        {
            fields[name] = new StoredGoldenValue(correction.Value, correction.Agency, correction.SourceId, correction.Version, correction.DecidedAt, "steward");
        }

        return fields;
    }

    public static string Serialize(SortedDictionary<string, StoredGoldenValue> fields) => JsonSerializer.Serialize(fields, Options);

    public static Dictionary<string, StoredGoldenValue> Deserialize(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, StoredGoldenValue>>(json, Options) ?? [];

    public static string SerializeOverrides(IReadOnlyDictionary<string, FieldOverride> overrides) =>
        JsonSerializer.Serialize(new SortedDictionary<string, FieldOverride>(overrides.ToDictionary(), StringComparer.Ordinal), Options);

    public static Dictionary<string, FieldOverride> DeserializeOverrides(string json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<Dictionary<string, FieldOverride>>(json, Options) ?? [];

    public static string ReasonCode(SurvivorshipReason reason) => reason switch
    {
        SurvivorshipReason.OnlySource => "only_source",
        SurvivorshipReason.Authority => "authority",
        SurvivorshipReason.MostRecent => "most_recent",
        _ => "most_frequent",
    };
}
