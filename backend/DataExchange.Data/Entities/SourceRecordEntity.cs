namespace DataExchange.Data.Entities;

/// <summary>The current state of one agency record, keyed by (agency, source id); every state it had is in <see cref="Versions"/>.</summary>
public class SourceRecordEntity
{
    public long Id { get; set; }
    public required string Agency { get; set; }
    public required string SourceId { get; set; }

    /// <summary>Current version, from 1; also the optimistic-concurrency token.</summary>
    public int Version { get; set; }
    public bool Retracted { get; set; }

    /// <summary>SHA-256 of the raw content (see ContentHash): equal hashes mean "unchanged".</summary>
    public required byte[] ContentHash { get; set; }

    // Normalised common fields, for lookups and matching.
    public string IdNumber { get; set; } = "";
    public bool IdNumberValid { get; set; }
    public string Name { get; set; } = "";
    public string Sex { get; set; } = "";
    public string BirthDate { get; set; } = "";
    public string RegionCode { get; set; } = "";

    /// <summary>The record as last sent, as JSON (see RecordJson).</summary>
    public required string RawJson { get; set; }

    /// <summary>The agency's own columns, normalised, as JSON.</summary>
    public required string NormalizedJson { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public List<SourceRecordVersionEntity> Versions { get; set; } = [];

    /// <summary>Versions of this record the linker has not consumed yet (see PendingLinkEntity).</summary>
    public List<Reconciliation.PendingLinkEntity> PendingLinks { get; set; } = [];
}
