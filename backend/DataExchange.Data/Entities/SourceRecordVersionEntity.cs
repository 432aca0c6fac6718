namespace DataExchange.Data.Entities;

/// <summary>One stored version of an agency record; never updated, never deleted.</summary>
public class SourceRecordVersionEntity
{
    public long Id { get; set; }
    public long SourceRecordId { get; set; }
    public int Version { get; set; }

    /// <summary>True for the version that withdrew the record.</summary>
    public bool Retracted { get; set; }

    /// <summary>Why it was withdrawn, for a retraction.</summary>
    public string Reason { get; set; } = "";
    public required string RawJson { get; set; }
    public required byte[] ContentHash { get; set; }

    /// <summary>The batch that brought this version, when it came in a batch.</summary>
    public string BatchKey { get; set; } = "";
    public DateTime StoredAt { get; set; }
}
