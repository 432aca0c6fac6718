using DataExchange.Data.Entities;
using DataExchange.Domain.Identifiers;
using DataExchange.Domain.Normalization;
using DataExchange.Domain.Records;

namespace DataExchange.Data.Records;

/// <summary>Copies a normalised record onto its entities.</summary>
internal static class RecordMapping
{
    public static SourceRecordEntity NewEntity(string agency, NormalizedRecord record, byte[] hash, DateTime now)
    {
        var entity = new SourceRecordEntity
        {
            Agency = agency,
            SourceId = record.Raw.SourceId,
            ContentHash = hash,
            RawJson = "",
            NormalizedJson = "",
            Version = 1,
            CreatedAt = now,
        };
        Apply(entity, record, hash, now);
        return entity;
    }

    public static void Apply(SourceRecordEntity entity, NormalizedRecord record, byte[] hash, DateTime now)
    {
        entity.ContentHash = hash;
        entity.IdNumber = record.IdNumber;
        entity.IdNumberValid = record.IdNumberValid;
        entity.Name = record.Name;
        entity.Sex = record.Sex.ToCode();
        entity.BirthDate = record.BirthDate is { } date ? DateSpellings.ToIso(date) : "";
        entity.RegionCode = record.RegionCode;
        entity.RawJson = RecordJson.Serialize(record.Raw);
        entity.NormalizedJson = RecordJson.SerializeColumns(record.Details);
        entity.UpdatedAt = now;
    }

    public static SourceRecordVersionEntity NewVersion(SourceRecordEntity entity, string batchKey, DateTime now, string reason = "") => new()
    {
        Version = entity.Version,
        Retracted = entity.Retracted,
        Reason = reason,
        RawJson = entity.RawJson,
        ContentHash = entity.ContentHash,
        BatchKey = batchKey,
        StoredAt = now,
    };
}
