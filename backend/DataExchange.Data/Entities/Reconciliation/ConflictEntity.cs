namespace DataExchange.Data.Entities.Reconciliation;

/// <summary>A disagreement on one child's field, found by ConflictDetector and kept by its stable key.</summary>
public class ConflictEntity
{
    public long Id { get; set; }
    public long ChildId { get; set; }
    public required string Key { get; set; }
    public required string Kind { get; set; }
    public required string Field { get; set; }

    /// <summary>Each source's side (record, version, value), as JSON.</summary>
    public string ValuesJson { get; set; } = "[]";

    /// <summary>open, resolved (by a steward) or closed (the sources agree again).</summary>
    public string Status { get; set; } = "open";

    /// <summary>The steward's resolution (value, source or correction, reason), as JSON.</summary>
    public string ResolutionJson { get; set; } = "";
    public int Version { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}
