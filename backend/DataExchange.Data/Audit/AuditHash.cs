using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using DataExchange.Data.Entities;

namespace DataExchange.Data.Audit;

/// <summary>The canonical content of an audit entry and its SHA-256; the previous entry's hash is part of it.</summary>
public static class AuditHash
{
    /// <summary>The previous hash of the first entry.</summary>
    public static readonly string Genesis = new('0', 64);

    /// <summary>A JSON array of every column in a fixed order: unambiguous, and the same on every platform.</summary>
    public static string Canonical(AuditEntryEntity entry) => JsonSerializer.Serialize(Columns(entry));

    /// <summary>
    /// SHA-256 of <see cref="Canonical"/>'s UTF-8, in lower-case hex. The serializer writes UTF-8 itself, so the JSON
    /// goes straight to the hash without the string and its re-encoding (two copies of every entry, a few percent of
    /// what a GetChild allocated); the bytes are the same (AuditHashTests pins it).
    /// </summary>
    public static string Compute(AuditEntryEntity entry) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(Columns(entry))));

    private static string[] Columns(AuditEntryEntity entry) =>
    [
        "dx-audit-v1",
        entry.Sequence.ToString(CultureInfo.InvariantCulture),
        FormatTime(entry.OccurredAt),
        entry.PrincipalKind,
        entry.Principal,
        entry.Agency,
        entry.Rpc,
        entry.Purpose,
        entry.PurposeReference,
        entry.Grants,
        entry.Children,
        entry.FieldGroups,
        entry.Outcome,
        entry.Detail,
        entry.PreviousHash,
    ];

    /// <summary>Whole milliseconds, UTC, whatever DateTimeKind the provider hands back.</summary>
    public static string FormatTime(DateTime time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static DateTime Truncate(DateTime utc) =>
        new(utc.Ticks - utc.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
}
