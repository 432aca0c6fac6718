namespace DataExchange.Data.Entities.Reconciliation;

/// <summary>One entry of the change feed; <see cref="Sequence"/> is the subscribers' cursor.</summary>
public class ChangeEventEntity
{
    public long Sequence { get; set; }
    public long ChildId { get; set; }
    public required string ChildPublicId { get; set; }

    /// <summary>created, linked, changed, alerted, merged, split or removed.</summary>
    public required string Kind { get; set; }

    /// <summary>
    /// The agencies whose own records of the child this event changed, each with the kind it sees, comma-delimited on
    /// both sides (",education=linked,health=changed,"); only they are sent the event (see ChildHoldings).
    /// </summary>
    public string Agencies { get; set; } = ",";
    public string Detail { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}
