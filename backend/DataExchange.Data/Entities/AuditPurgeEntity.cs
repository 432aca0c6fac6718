namespace DataExchange.Data.Entities;

/// <summary>
/// A recorded purge of expired audit entries. The delete trigger lets an entry go only when a purge row covers
/// it; the anchor (last purged sequence and hash) lets verification start where the remaining chain begins.
/// </summary>
public class AuditPurgeEntity
{
    public long Id { get; set; }

    /// <summary>Entries up to and including this sequence may be (and were) removed.</summary>
    public long UpToSequence { get; set; }

    /// <summary>The hash of entry <see cref="UpToSequence"/>: the first remaining entry's previous hash.</summary>
    public required string AnchorHash { get; set; }
    public DateTime PurgedAt { get; set; }
    public required string PurgedBy { get; set; }
}
