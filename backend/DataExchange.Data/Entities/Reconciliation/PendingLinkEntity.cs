namespace DataExchange.Data.Entities.Reconciliation;

/// <summary>
/// One record version waiting to be linked: the outbox between the record writers and the linker. It is written
/// in the same transaction as the version it announces, so a committed version is never missed, and deleted in the
/// same transaction as the links that consumed it, so a crash in between only means linking it again (harmless).
/// A record changed twice before the linker ran has two entries; the linker reads the record's current state once.
/// </summary>
public class PendingLinkEntity
{
    public long Id { get; set; }
    public long SourceRecordId { get; set; }

    /// <summary>The record version that was stored; the linker skips entries it has already linked at or past.</summary>
    public int Version { get; set; }
    public DateTime QueuedAt { get; set; }

    /// <summary>Failed attempts to link this entry on its own; at <c>Reconciler.MaxLinkAttempts</c> it is set aside.</summary>
    public int Attempts { get; set; }

    /// <summary>The longest <see cref="LastError"/> stored.</summary>
    public const int MaxErrorLength = 1000;

    /// <summary>Why the last attempt failed, for the operator.</summary>
    public string LastError { get; set; } = "";
}
