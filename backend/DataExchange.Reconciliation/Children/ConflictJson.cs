using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using DataExchange.Domain.Agencies;
using DataExchange.Domain.Reconciliation;

namespace DataExchange.Reconciliation.Children;

/// <summary>One side of a stored conflict.</summary>
public sealed record StoredConflictValue(
    [property: JsonPropertyName("agency")] string Agency,
    [property: JsonPropertyName("source_id")] string SourceId,
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("value")] string Value);

/// <summary>The conflicts table's values column.</summary>
public static class ConflictJson
{
    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Serialize(IEnumerable<ConflictingValue> values) => JsonSerializer.Serialize(
        values.Select(value => new StoredConflictValue(value.Record.Agency.ToCode(), value.Record.SourceId, value.Version, value.Value)).ToList(), Options);

    public static List<StoredConflictValue> Deserialize(string json) =>
        JsonSerializer.Deserialize<List<StoredConflictValue>>(json, Options) ?? [];
}
