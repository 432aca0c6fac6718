namespace DataExchange.Data.Entities.Reconciliation;

/// <summary>
/// What one agency's own records say of one child, one row per (child, agency) holding a live record of it: the
/// values survivorship picks from that agency's records alone, and a digest of those records. SearchChildren
/// matches an agency's filters here, so a search never answers on what only another agency's record says; the
/// change feed tells an agency of a child's change only when the digest of its own records moved.
/// </summary>
public class ChildHoldingEntity
{
    public long ChildId { get; set; }

    /// <summary>The agency's code (education, health, ...).</summary>
    public required string Agency { get; set; }

    public string Name { get; set; } = "";
    public string NamePinyin { get; set; } = "";
    public string IdNumber { get; set; } = "";
    public string BirthDate { get; set; } = "";
    public string RegionCode { get; set; } = "";

    /// <summary>The civil-affairs category; empty for every other agency (only civil affairs records one).</summary>
    public string Category { get; set; } = "";

    /// <summary>How many live records of this agency are linked to the child.</summary>
    public int RecordCount { get; set; }

    /// <summary>A digest of the agency's linked records (ids and versions): moves exactly when they change.</summary>
    public string RecordsDigest { get; set; } = "";
}
