using System.Security.Cryptography;
using System.Text;

namespace DataExchange.Domain.Records;

/// <summary>
/// A SHA-256 over a record's raw content in a canonical order, so the same content sent again is
/// recognised as unchanged whatever order its columns arrived in.
/// </summary>
public static class ContentHash
{
    public static byte[] Compute(SourceRecord record)
    {
        var builder = new StringBuilder(256);
        Append(builder, "source_id", record.SourceId);
        Append(builder, "id_number", record.IdNumber);
        Append(builder, "name", record.Name);
        Append(builder, "sex", record.Sex);
        Append(builder, "birth_date", record.BirthDate);
        Append(builder, "region_code", record.RegionCode);
        Append(builder, "address", record.Address);
        // Empty columns are left out: an absent column and an empty one say the same thing.
        foreach (var (key, value) in record.Details.Where(pair => pair.Value.Length > 0).OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            Append(builder, "d:" + key, value);
        }

        foreach (var (key, value) in record.Attributes.Where(pair => pair.Value.Length > 0).OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            Append(builder, "a:" + key, value);
        }

        return SHA256.HashData(Encoding.UTF8.GetBytes(builder.ToString()));
    }

    // Length-prefixed so that no value can forge a field boundary.
    private static void Append(StringBuilder builder, string key, string value) =>
        builder.Append(key).Append('=').Append(value.Length).Append(':').Append(value).Append('\n');
}
