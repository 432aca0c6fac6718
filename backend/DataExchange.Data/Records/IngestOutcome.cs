using DataExchange.Domain.Errors;
using DataExchange.Domain.Records;

namespace DataExchange.Data.Records;

/// <summary>A record of a batch, numbered from 0 across the whole batch.</summary>
public sealed record IndexedRecord(int Index, SourceRecord Record);

/// <summary>A refused record: where it was in the batch, its key, the field at fault and why.</summary>
public sealed record Rejection(int Index, string SourceId, string Field, string Reason)
{
    /// <summary>UTF-8 bytes of a reason: the first problem in full, the others as far as they fit.</summary>
    public const int MaxReasonBytes = 500;

    /// <summary>
    /// The entry echoes what was sent only as far as it is bounded: the source_id cut to the longest one accepted, the
    /// field name (an attribute's name is the caller's) escaped and capped, the reason capped.
    /// </summary>
    public static Rejection From(int index, SourceRecord record, IReadOnlyList<FieldError> errors)
    {
        var first = errors[0];
        var reason = errors.Count == 1
            ? first.Reason
            : first.Reason + "; also " + string.Join("; ", errors.Skip(1));
        var sourceId = record.SourceId.Length <= RecordIntake.MaxSourceIdLength ? record.SourceId : record.SourceId[..RecordIntake.MaxSourceIdLength];
        return new Rejection(index, sourceId, Echo.Escape(first.Field, 100), Echo.Bound(reason, MaxReasonBytes));
    }
}

/// <summary>
/// What writing records did: counts, and the refused records, all of them or, for a bounded reply, the first
/// <see cref="ListLimit"/> (the count stays exact).
/// </summary>
public sealed class IngestOutcome(int listLimit = int.MaxValue)
{
    public int ListLimit { get; } = listLimit;
    public int Accepted { get; set; }
    public int Unchanged { get; set; }

    /// <summary>The refused records listed, in batch order; at most <see cref="ListLimit"/>.</summary>
    public List<Rejection> Rejections { get; } = [];

    /// <summary>Every refused record, listed or not.</summary>
    public int Rejected { get; set; }

    /// <summary>Refused records counted but not listed.</summary>
    public int RejectionsOmitted => Rejected - Rejections.Count;

    public void Reject(Rejection rejection)
    {
        Rejected++;
        if (Rejections.Count < ListLimit)
        {
            Rejections.Add(rejection);
        }
    }

    /// <summary>Database ids of the records this write created or changed: what reconciliation links next.</summary>
    public List<long> ChangedRecordIds { get; } = [];

    public void Add(IngestOutcome other)
    {
        Accepted += other.Accepted;
        Unchanged += other.Unchanged;
        Rejections.AddRange(other.Rejections.Take(Math.Max(0, ListLimit - Rejections.Count)));
        Rejected += other.Rejected;
        ChangedRecordIds.AddRange(other.ChangedRecordIds);
    }
}
