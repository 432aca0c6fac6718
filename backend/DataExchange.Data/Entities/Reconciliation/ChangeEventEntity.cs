namespace DataExchange.Data.Entities.Reconciliation;

/// <summary>One entry of the change feed; <see cref="Sequence"/> is the subscribers' cursor.</summary>
public class ChangeEventEntity
{
    public long Sequence { get; set; }
    public long ChildId { get; set; }
    public required string ChildPublicId { get; set; }

    /// <summary>created, linked, changed, alerted, merged, split or removed.</summary>
    public required string Kind { get; set; }

    /// <summary>The agencies holding a record of the child, comma-delimited on both sides.</summary>
    public string Agencies { get; set; } = ",";
    public string Detail { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}
