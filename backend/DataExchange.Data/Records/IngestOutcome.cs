using DataExchange.Domain.Records;

namespace DataExchange.Data.Records;

/// <summary>A record of a batch, numbered from 0 across the whole batch.</summary>
public sealed record IndexedRecord(int Index, SourceRecord Record);

/// <summary>A refused record: where it was in the batch, its key, the field at fault and why.</summary>
public sealed record Rejection(int Index, string SourceId, string Field, string Reason)
{
    public static Rejection From(int index, SourceRecord record, IReadOnlyList<FieldError> errors)
    {
        var first = errors[0];
        var reason = errors.Count == 1
            ? first.Reason
            : first.Reason + "; also " + string.Join("; ", errors.Skip(1));
        return new Rejection(index, record.SourceId, first.Field, reason);
    }
}

/// <summary>What writing records did: counts, and every refused record.</summary>
public sealed class IngestOutcome
{
    public int Accepted { get; set; }
    public int Unchanged { get; set; }
    public List<Rejection> Rejections { get; } = [];
    public int Rejected => Rejections.Count;

    public void Add(IngestOutcome other)
    {
        Accepted += other.Accepted;
        Unchanged += other.Unchanged;
        Rejections.AddRange(other.Rejections);
    }
}
