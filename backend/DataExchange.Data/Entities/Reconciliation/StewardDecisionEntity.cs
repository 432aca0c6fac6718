namespace DataExchange.Data.Entities.Reconciliation;

/// <summary>One steward decision with the state before and after it, so that it can be reversed exactly.</summary>
public class StewardDecisionEntity
{
    public long Id { get; set; }

    /// <summary>same_child, not_same_child, merge, split, resolve_conflict, alert_status or reverse.</summary>
    public required string Kind { get; set; }
    public required string Subject { get; set; }
    public string Steward { get; set; } = "";
    public string Reason { get; set; } = "";
    public string BeforeJson { get; set; } = "";
    public string AfterJson { get; set; } = "";
    public long? ReversedById { get; set; }
    public long? ReversesId { get; set; }
    public DateTime CreatedAt { get; set; }
}
