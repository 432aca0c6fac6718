using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using DataExchange.Domain.Agencies;
using DataExchange.Domain.Records;

namespace DataExchange.Data.Records;

/// <summary>How a raw record is stored: JSON with exchange-format field names, Chinese kept readable.</summary>
public static class RecordJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,
    };

    /// <summary>The stored form is the canonical one (see <see cref="CanonicalJson"/>), which the content hash covers.</summary>
    public static string Serialize(SourceRecord record) => System.Text.Encoding.UTF8.GetString(CanonicalJson.ToUtf8(record));

    /// <summary>
    /// The stored record read back. The stored form is canonical (string values, no duplicate columns), so it is read with
    /// a reader and no serializer metadata (<see cref="StoredForm"/>): the batch link reads every stored record so, and
    /// JsonSerializer was a sixth of that read's time. Anything the canonical form never holds goes to JsonSerializer,
    /// whose result, or error, stays the reference (RecordJsonTests compares the two).
    /// </summary>
    public static SourceRecord Deserialize(Agency agency, string json) =>
        StoredForm.TryRead(agency, json) ?? DeserializeWithSerializer(agency, json);

    internal static SourceRecord DeserializeWithSerializer(Agency agency, string json)
    {
        var shape = JsonSerializer.Deserialize<StoredShape>(json, Options) ?? throw new InvalidDataException("Stored record JSON is empty.");
        return new SourceRecord
        {
            Agency = agency,
            SourceId = shape.SourceId ?? "",
            IdNumber = shape.IdNumber ?? "",
            Name = shape.Name ?? "",
            Sex = shape.Sex ?? "",
            BirthDate = shape.BirthDate ?? "",
            RegionCode = shape.RegionCode ?? "",
            Address = shape.Address ?? "",
            Details = shape.Details ?? [],
            Attributes = shape.Attributes ?? [],
        };
    }

    /// <summary>
    /// One top-level string property of a stored record ("" when absent), read without materialising the record:
    /// survivorship needs only the address from the raw JSON, and a full parse per record per refresh was a fifth of
    /// the linker's time.
    /// </summary>
    public static string ReadProperty(string json, string property)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(System.Text.Encoding.UTF8.GetMaxByteCount(json.Length));
        try
        {
            var length = System.Text.Encoding.UTF8.GetBytes(json, buffer);
            var reader = new Utf8JsonReader(buffer.AsSpan(0, length));
            reader.Read(); // The record object.
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var match = reader.ValueTextEquals(property);
                reader.Read();
                if (match)
                {
                    return reader.TokenType == JsonTokenType.String ? reader.GetString()! : "";
                }

                reader.Skip();
            }

            return "";
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    [ThreadStatic]
    private static System.Buffers.ArrayBufferWriter<byte>? columnsBuffer;

    [ThreadStatic]
    private static Utf8JsonWriter? columnsWriter;

    /// <summary>
    /// A column map as one JSON object, in the map's order: what JsonSerializer writes, by hand with a writer reused per
    /// thread, since it runs for every record ingested.
    /// </summary>
    public static string SerializeColumns(IReadOnlyDictionary<string, string> columns)
    {
        var output = columnsBuffer ??= new System.Buffers.ArrayBufferWriter<byte>(512);
        output.ResetWrittenCount();
        var writer = columnsWriter ??= new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = Options.Encoder });
        writer.Reset(output);
        writer.WriteStartObject();
        foreach (var (name, value) in columns)
        {
            writer.WriteString(name, value);
        }

        writer.WriteEndObject();
        writer.Flush();
        return System.Text.Encoding.UTF8.GetString(output.WrittenSpan);
    }

    /// <summary>A column map written by <see cref="SerializeColumns"/>, read as <see cref="Deserialize"/> reads a record.</summary>
    public static Dictionary<string, string> DeserializeColumns(string json) =>
        StoredForm.TryReadColumns(json) ?? DeserializeColumnsWithSerializer(json);

    internal static Dictionary<string, string> DeserializeColumnsWithSerializer(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(json, Options) ?? [];

    private sealed class StoredShape
    {
        [JsonPropertyName("source_id")] public string? SourceId { get; set; }
        [JsonPropertyName("id_number")] public string? IdNumber { get; set; }
        [JsonPropertyName("name")] public string? Name { get; set; }
        [JsonPropertyName("sex")] public string? Sex { get; set; }
        [JsonPropertyName("birth_date")] public string? BirthDate { get; set; }
        [JsonPropertyName("region_code")] public string? RegionCode { get; set; }
        [JsonPropertyName("address")] public string? Address { get; set; }
        [JsonPropertyName("details")] public Dictionary<string, string>? Details { get; set; }
        [JsonPropertyName("attributes")] public Dictionary<string, string>? Attributes { get; set; }
    }
}
