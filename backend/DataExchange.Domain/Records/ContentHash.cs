using System.Security.Cryptography;

namespace DataExchange.Domain.Records;

/// <summary>
/// A SHA-256 over a record's canonical JSON (<see cref="CanonicalJson"/>), so the same content sent again is
/// recognised as unchanged whatever order its columns arrived in.
/// </summary>
public static class ContentHash
{
    public static byte[] Compute(SourceRecord record) => Of(CanonicalJson.ToUtf8(record));

    public static byte[] Of(byte[] canonicalJson) => SHA256.HashData(canonicalJson);
}
