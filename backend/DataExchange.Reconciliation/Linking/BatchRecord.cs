using DataExchange.Domain.Agencies;
using DataExchange.Domain.Reconciliation;
using DataExchange.Reconciliation.Children;

namespace DataExchange.Reconciliation.Linking;

/// <summary>
/// What the batch link keeps of a stored record once its features are extracted: the columns its child is composed
/// from (<see cref="StoredRecord.Linked"/>'s), with the address taken from the raw JSON the features were parsed from
/// instead of the raw JSON itself. The raw JSON was held until the record's child was composed only for its address:
/// about 650 bytes a record (a third of what was held at a million children), promoted by the collector chunk after chunk.
/// </summary>
internal sealed class BatchRecord
{
    public required long Id { get; init; }
    public required Agency Agency { get; init; }
    public required string SourceId { get; init; }
    public required int Version { get; init; }
    public required DateTime UpdatedAt { get; init; }
    public required string IdNumber { get; init; }
    public required string Name { get; init; }
    public required string Sex { get; init; }
    public required string BirthDate { get; init; }
    public required string RegionCode { get; init; }
    public required string NormalizedJson { get; init; }

    /// <summary>The raw record's address; set once the features have been parsed from the raw JSON.</summary>
    public string Address { get; set; } = "";

    /// <summary>The record as survivorship reads it: what <see cref="StoredRecord.Linked"/> makes of the stored row.</summary>
    public LinkedRecord Linked()
    {
        var values = StoredRecord.Values(NormalizedJson, IdNumber, Name, Sex, BirthDate, RegionCode);
        values.TryAdd("address", Address);
        return new LinkedRecord(Agency, SourceId, Version, UpdatedAt, values);
    }
}
