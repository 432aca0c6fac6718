namespace DataExchange.Data.Entities;

/// <summary>A completed batch, remembered by its idempotency key so that a resent batch returns its first result.</summary>
public class IngestBatchEntity
{
    public long Id { get; set; }
    public required string Agency { get; set; }
    public required string BatchKey { get; set; }
    public int Accepted { get; set; }
    public int Unchanged { get; set; }
    public int Rejected { get; set; }

    /// <summary>The rejected records (index, source id, field, reason) as JSON.</summary>
    public required string RejectionsJson { get; set; }
    public DateTime CompletedAt { get; set; }
}
