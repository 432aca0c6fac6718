using System.Buffers;
using System.Text;
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
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = Options.Encoder };

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

    /// <summary>
    /// The stored form names each source record once and points to it from every field it supplied: most fields of
    /// a child come from one or two records, and repeating the provenance per field made the row twice as large
    /// (about 1.9 KB instead of 1 KB), which at a million children is the difference between a table that stays in
    /// the page cache and one that is read from disk on every GetChild.
    /// </summary>
    public static string Serialize(SortedDictionary<string, StoredGoldenValue> fields)
    {
        // Fields in ordinal order of their names (the order Compose makes); sources in the order fields first name them.
        IEnumerable<KeyValuePair<string, StoredGoldenValue>> ordered = ReferenceEquals(fields.Comparer, StringComparer.Ordinal)
            ? fields
            : fields.OrderBy(field => field.Key, StringComparer.Ordinal);
        var sources = new List<StoredSource>(4);
        var indexes = new int[fields.Count];
        var at = 0;
        foreach (var (_, value) in ordered)
        {
            var source = new StoredSource(value.Agency, value.SourceId, value.Version, value.UpdatedAt);
            var index = sources.IndexOf(source); // A child's records are a handful: a scan beats a dictionary here.
            if (index < 0)
            {
                index = sources.Count;
                sources.Add(source);
            }

            indexes[at++] = index;
        }

        // Written with Utf8JsonWriter rather than JsonSerializer over StoredGolden: the same text (the serializer writes
        // every one of these values through the same writer calls, with the same encoder), for a third of the time,
        // which counted at every child the batch link composes. GoldenJsonTests pins the text.
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("sources");
            foreach (var source in sources)
            {
                writer.WriteStartObject();
                writer.WriteString("agency", source.Agency);
                writer.WriteString("source_id", source.SourceId);
                writer.WriteNumber("version", source.Version);
                writer.WriteString("updated_at", source.UpdatedAt);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartObject("fields");
            at = 0;
            foreach (var (name, value) in ordered)
            {
                writer.WriteStartObject(name);
                writer.WriteString("value", value.Value);
                writer.WriteNumber("source", indexes[at++]);
                writer.WriteString("reason", value.Reason);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Reads the stored form, and the earlier one (provenance repeated per field) that older rows still hold.</summary>
    public static Dictionary<string, StoredGoldenValue> Deserialize(string json)
    {
        using var document = JsonDocument.Parse(json);
        if (!document.RootElement.TryGetProperty("fields", out _))
        {
            return document.Deserialize<Dictionary<string, StoredGoldenValue>>(Options) ?? [];
        }

        var stored = document.Deserialize<StoredGolden>(Options) ?? new StoredGolden([], []);
        return stored.Fields.ToDictionary(field => field.Key, field =>
        {
            var source = field.Value.Source >= 0 && field.Value.Source < stored.Sources.Count
                ? stored.Sources[field.Value.Source]
                : throw new InvalidDataException($"The golden value of '{field.Key}' names source {field.Value.Source}, which the record does not hold.");
            return new StoredGoldenValue(field.Value.Value, source.Agency, source.SourceId, source.Version, source.UpdatedAt, field.Value.Reason);
        });
    }

    private sealed record StoredGolden(
        [property: JsonPropertyName("sources")] List<StoredSource> Sources,
        [property: JsonPropertyName("fields")] SortedDictionary<string, StoredField> Fields);

    private sealed record StoredSource(
        [property: JsonPropertyName("agency")] string Agency,
        [property: JsonPropertyName("source_id")] string SourceId,
        [property: JsonPropertyName("version")] int Version,
        [property: JsonPropertyName("updated_at")] DateTime UpdatedAt);

    private sealed record StoredField(
        [property: JsonPropertyName("value")] string Value,
        [property: JsonPropertyName("source")] int Source,
        [property: JsonPropertyName("reason")] string Reason);

    public static string SerializeOverrides(IReadOnlyDictionary<string, FieldOverride> overrides) =>
        JsonSerializer.Serialize(new SortedDictionary<string, FieldOverride>(overrides.ToDictionary(), StringComparer.Ordinal), Options);

    /// <summary>A child's overrides; "{}" (every child no steward corrected, so nearly all) without running the serializer.</summary>
    public static Dictionary<string, FieldOverride> DeserializeOverrides(string json) =>
        string.IsNullOrEmpty(json) || json == "{}" ? [] : JsonSerializer.Deserialize<Dictionary<string, FieldOverride>>(json, Options) ?? [];

    public static string ReasonCode(SurvivorshipReason reason) => reason switch
    {
        SurvivorshipReason.OnlySource => "only_source",
        SurvivorshipReason.Authority => "authority",
        SurvivorshipReason.MostRecent => "most_recent",
        _ => "most_frequent",
    };
}
