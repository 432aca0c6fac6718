namespace DataExchange.Data.Entities.Reconciliation;

/// <summary>One child (一人一档): the golden record assembled from its linked records, with searchable copies of its key fields.</summary>
public class ChildEntity
{
    public long Id { get; set; }

    /// <summary>The id partners see (never reused; a merged child keeps it and points to the survivor).</summary>
    public required string PublicId { get; set; }

    /// <summary>Bumped by every change; also the optimistic-concurrency token for steward decisions.</summary>
    public int Version { get; set; }

    /// <summary>False when merged away or when every record was retracted: the child disappears from reads, its history stays.</summary>
    public bool Active { get; set; }
    public long? MergedIntoId { get; set; }

    /// <summary>The golden record with provenance per value, as JSON (see GoldenJson).</summary>
    public string GoldenJson { get; set; } = "{}";

    /// <summary>Steward corrections that override survivorship, per field, as JSON.</summary>
    public string OverridesJson { get; set; } = "{}";

    public string Name { get; set; } = "";
    public string NamePinyin { get; set; } = "";
    public string IdNumber { get; set; } = "";
    public string BirthDate { get; set; } = "";
    public string RegionCode { get; set; } = "";
    public string Category { get; set; } = "";

    /// <summary>The agencies holding an active record of this child, comma-delimited on both sides (",education,health,").</summary>
    public string Agencies { get; set; } = ",";
    public int RecordCount { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}
