namespace DataExchange.Data.Entities;

/// <summary>
/// One audited call. Append-only (database triggers or a ledger table) and hash-chained: <see cref="Hash"/> is the
/// SHA-256 of the canonical content including <see cref="PreviousHash"/>. Never holds a raw ID number or name.
/// </summary>
public class AuditEntryEntity
{
    /// <summary>Position in the chain, from 1, gapless; the primary key, so two writers cannot both append entry N.</summary>
    public long Sequence { get; set; }

    /// <summary>UTC, whole milliseconds (every provider stores that exactly).</summary>
    public DateTime OccurredAt { get; set; }

    /// <summary><c>client</c>, <c>user</c> or <c>anonymous</c>.</summary>
    public required string PrincipalKind { get; set; }

    /// <summary>Client id or user id; never a person's name.</summary>
    public string Principal { get; set; } = "";
    public string Agency { get; set; } = "";

    /// <summary>The gRPC method, e.g. <c>/dataexchange.v1.RecordExchange/GetSourceRecord</c>.</summary>
    public required string Rpc { get; set; }
    public string Purpose { get; set; } = "";
    public string PurposeReference { get; set; } = "";

    /// <summary>Grant ids the call relied on, comma-separated.</summary>
    public string Grants { get; set; } = "";

    /// <summary>Children touched: internal record ids (<c>r:42</c>) and salted child keys (<c>k:9f2c...</c>), comma-separated.</summary>
    public string Children { get; set; } = "";

    /// <summary>Field groups disclosed, comma-separated; <c>identity_full</c> when an ID number was revealed in full.</summary>
    public string FieldGroups { get; set; } = "";

    /// <summary>The gRPC status code name (<c>OK</c>, <c>PermissionDenied</c>, ...).</summary>
    public required string Outcome { get; set; }

    /// <summary>The outcome of a call answered OK (the gRPC status name, as the audit interceptor writes every outcome).</summary>
    public const string OkOutcome = "OK";

    /// <summary>Short, non-identifying detail (e.g. a count of records written).</summary>
    public string Detail { get; set; } = "";

    /// <summary>Hex SHA-256 of the previous entry; 64 zeros for the first.</summary>
    public required string PreviousHash { get; set; }

    /// <summary>Hex SHA-256 of this entry's canonical content.</summary>
    public required string Hash { get; set; }
}
