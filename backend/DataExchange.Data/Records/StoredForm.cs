using System.Buffers;
using System.Text;
using System.Text.Json;
using DataExchange.Domain.Agencies;
using DataExchange.Domain.Records;

namespace DataExchange.Data.Records;

/// <summary>
/// Reads the JSON the hub stores (<see cref="RecordJson"/>: a record's raw form, an agency's normalised columns) with a
/// <see cref="Utf8JsonReader"/>, giving what JsonSerializer gives for it. Only the canonical shape is read here: an
/// object whose known properties are strings (or null) and whose column maps hold strings under distinct names.
/// Anything else (a number, a null column, a repeated column, invalid JSON) answers null, and the caller hands the text
/// to JsonSerializer, so every unusual input keeps the serializer's result or error exactly.
/// </summary>
internal static class StoredForm
{
    public static SourceRecord? TryRead(Agency agency, string json)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(json.Length));
        try
        {
            var reader = new Utf8JsonReader(buffer.AsSpan(0, Encoding.UTF8.GetBytes(json, buffer)));
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            string? sourceId = null, idNumber = null, name = null, sex = null, birthDate = null, regionCode = null, address = null;
            Dictionary<string, string>? details = null, attributes = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                // A repeated property: the last one wins, as it does for the serializer.
                var ok = reader.ValueTextEquals("source_id"u8) ? Text(ref reader, out sourceId)
                    : reader.ValueTextEquals("id_number"u8) ? Text(ref reader, out idNumber)
                    : reader.ValueTextEquals("name"u8) ? Text(ref reader, out name)
                    : reader.ValueTextEquals("sex"u8) ? Text(ref reader, out sex)
                    : reader.ValueTextEquals("birth_date"u8) ? Text(ref reader, out birthDate)
                    : reader.ValueTextEquals("region_code"u8) ? Text(ref reader, out regionCode)
                    : reader.ValueTextEquals("address"u8) ? Text(ref reader, out address)
                    : reader.ValueTextEquals("details"u8) ? Columns(ref reader, out details)
                    : reader.ValueTextEquals("attributes"u8) ? Columns(ref reader, out attributes)
                    : Skip(ref reader);
                if (!ok)
                {
                    return null;
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                return null; // Not one object (the reader throws on anything after it but whitespace).
            }

            return new SourceRecord
            {
                Agency = agency,
                SourceId = sourceId ?? "",
                IdNumber = idNumber ?? "",
                Name = name ?? "",
                Sex = sex ?? "",
                BirthDate = birthDate ?? "",
                RegionCode = regionCode ?? "",
                Address = address ?? "",
                Details = details ?? [],
                Attributes = attributes ?? [],
            };
        }
        catch (JsonException)
        {
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public static Dictionary<string, string>? TryReadColumns(string json)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(json.Length));
        try
        {
            var reader = new Utf8JsonReader(buffer.AsSpan(0, Encoding.UTF8.GetBytes(json, buffer)));
            return reader.Read() && reader.TokenType == JsonTokenType.StartObject && ReadColumns(ref reader) is { } columns && !reader.Read() ? columns : null;
        }
        catch (JsonException)
        {
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // The property's value (the reader on its name): a string, or null as the serializer gives null.
    private static bool Text(ref Utf8JsonReader reader, out string? value)
    {
        reader.Read();
        value = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return reader.TokenType is JsonTokenType.String or JsonTokenType.Null;
    }

    private static bool Columns(ref Utf8JsonReader reader, out Dictionary<string, string>? value)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            value = null;
            return true;
        }

        value = reader.TokenType == JsonTokenType.StartObject ? ReadColumns(ref reader) : null;
        return value is not null;
    }

    private static bool Skip(ref Utf8JsonReader reader)
    {
        reader.Read();
        reader.Skip();
        return true;
    }

    // An object of string values under distinct names (the reader on its start), read to its end; null for anything else.
    private static Dictionary<string, string>? ReadColumns(ref Utf8JsonReader reader)
    {
        var columns = new Dictionary<string, string>();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var column = reader.GetString()!;
            if (!reader.Read() || reader.TokenType != JsonTokenType.String || !columns.TryAdd(column, reader.GetString()!))
            {
                return null;
            }
        }

        return reader.TokenType == JsonTokenType.EndObject ? columns : null;
    }
}
