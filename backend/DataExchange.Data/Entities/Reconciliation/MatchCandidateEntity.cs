namespace DataExchange.Data.Entities.Reconciliation;

/// <summary>A pair of records the matcher is unsure of, for a steward; remembered once decided.</summary>
public class MatchCandidateEntity
{
    public long Id { get; set; }

    /// <summary>The pair, lower record id first.</summary>
    public long RecordAId { get; set; }
    public long RecordBId { get; set; }

    /// <summary>The records' versions when the pair was proposed (or decided): a decision holds until one of them changes.</summary>
    public int RecordAVersion { get; set; }
    public int RecordBVersion { get; set; }

    /// <summary>Match weight (log2 odds) and match probability.</summary>
    public double Weight { get; set; }
    public double Probability { get; set; }

    /// <summary>Per comparison: name, level label, match weight; as JSON.</summary>
    public string BreakdownJson { get; set; } = "[]";

    /// <summary>open, same, not_same or superseded (a record changed or the pair got linked).</summary>
    public string Status { get; set; } = "open";
    public int Version { get; set; }
    public string RegionCode { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}
