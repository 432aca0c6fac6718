namespace DataExchange.Data.Entities;

/// <summary>A data-sharing agreement: what another agency's data the grantee may read, for which purpose, until when.</summary>
public class GrantEntity
{
    public Guid Id { get; set; }

    /// <summary>The agency code allowed to read.</summary>
    public required string GranteeAgency { get; set; }

    /// <summary>Agency codes whose records the grant covers, comma-separated; empty means every other agency.</summary>
    public string SourceAgencies { get; set; } = "";

    /// <summary>Purpose code (e.g. <c>dropout_control</c>).</summary>
    public required string Purpose { get; set; }

    /// <summary>Free-text reference: agreement or case number.</summary>
    public string Reference { get; set; } = "";

    /// <summary>Field group codes, comma-separated (e.g. <c>identity,education</c>).</summary>
    public required string FieldGroups { get; set; }

    /// <summary>True when ID numbers may be revealed in full (on an explicit, audited request).</summary>
    public bool FullIdentity { get; set; }

    /// <summary>Child category codes, comma-separated; empty means any child.</summary>
    public string ChildCategories { get; set; } = "";

    /// <summary>Region code prefixes (2, 4 or 6 digits), comma-separated; empty means anywhere.</summary>
    public string Regions { get; set; } = "";

    public DateTime ValidFrom { get; set; }
    public DateTime ValidTo { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>The administrator (user id) who created it.</summary>
    public required string CreatedBy { get; set; }
    public DateTime? RevokedAt { get; set; }
    public string RevokedBy { get; set; } = "";
}
