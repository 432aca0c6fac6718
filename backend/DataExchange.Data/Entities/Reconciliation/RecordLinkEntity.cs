namespace DataExchange.Data.Entities.Reconciliation;

/// <summary>Which child an agency record belongs to, and how it got there.</summary>
public class RecordLinkEntity
{
    public long SourceRecordId { get; set; }
    public long ChildId { get; set; }

    /// <summary>The record's version when it was linked.</summary>
    public int RecordVersion { get; set; }

    /// <summary>auto (the matcher), batch (a whole import linked at once), new (no match) or steward.</summary>
    public string Method { get; set; } = "";
    public double Score { get; set; }
    public DateTime LinkedAt { get; set; }
}
