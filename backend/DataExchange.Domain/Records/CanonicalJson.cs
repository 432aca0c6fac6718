using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace DataExchange.Domain.Records;

/// <summary>
/// The one serialised form of a raw record: JSON with exchange-format names, the common columns in the
/// spec's order, agency columns and attributes sorted by name, empty ones left out (an absent column and
/// an empty one say the same thing). It is what the store keeps and what <see cref="ContentHash"/> hashes,
/// so "unchanged" means exactly "would be stored the same". Written by hand: it runs for every record ingested.
/// </summary>
public static class CanonicalJson
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // One buffer and one writer per thread, reused record after record.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? reusedWriter;

    public static byte[] ToUtf8(SourceRecord record)
    {
        var output = buffer ??= new ArrayBufferWriter<byte>(1024);
        output.ResetWrittenCount();
        var writer = reusedWriter ??= new Utf8JsonWriter(output, Options);
        writer.Reset(output);
        writer.WriteStartObject();
        writer.WriteString("source_id", record.SourceId);
        writer.WriteString("id_number", record.IdNumber);
        writer.WriteString("name", record.Name);
        writer.WriteString("sex", record.Sex);
        writer.WriteString("birth_date", record.BirthDate);
        writer.WriteString("region_code", record.RegionCode);
        writer.WriteString("address", record.Address);
        WriteColumns(writer, "details", record.Details);
        WriteColumns(writer, "attributes", record.Attributes);
        writer.WriteEndObject();
        writer.Flush();

        return output.WrittenSpan.ToArray();
    }

    private static void WriteColumns(Utf8JsonWriter writer, string property, IReadOnlyDictionary<string, string> columns)
    {
        if (columns.Count == 0)
        {
            return;
        }

        var keys = new string[columns.Count];
        var count = 0;
        foreach (var (key, value) in columns)
        {
            if (value.Length > 0)
            {
                keys[count++] = key;
            }
        }

        if (count == 0)
        {
            return;
        }

        Array.Sort(keys, 0, count, StringComparer.Ordinal);
        writer.WriteStartObject(property);
        for (var i = 0; i < count; i++)
        {
            writer.WriteString(keys[i], columns[keys[i]]);
        }

        writer.WriteEndObject();
    }
}
