using DataExchange.Data.Entities;
using DataExchange.Data.Entities.Reconciliation;
using DataExchange.Domain.Identifiers;
using DataExchange.Domain.Normalization;
using DataExchange.Domain.Records;

namespace DataExchange.Data.Records;

/// <summary>Copies a normalised record onto its entities.</summary>
internal static class RecordMapping
{
    public static SourceRecordEntity NewEntity(string agency, NormalizedRecord record, byte[] hash, DateTime now) =>
        NewEntity(agency, PreparedRecord.From(record, hash), now);

    public static void Apply(SourceRecordEntity entity, NormalizedRecord record, byte[] hash, DateTime now) =>
        Apply(entity, PreparedRecord.From(record, hash), now);

    public static SourceRecordEntity NewEntity(string agency, PreparedRecord prepared, DateTime now)
    {
        var record = prepared.Record;
        var hash = prepared.Hash;
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
        Apply(entity, prepared, now);
        return entity;
    }

    public static void Apply(SourceRecordEntity entity, PreparedRecord prepared, DateTime now)
    {
        var record = prepared.Record;
        entity.ContentHash = prepared.Hash;
        entity.IdNumber = record.IdNumber;
        entity.IdNumberValid = record.IdNumberValid;
        entity.Name = record.Name;
        entity.Sex = record.Sex.ToCode();
        entity.BirthDate = record.BirthDate is { } date ? DateSpellings.ToIso(date) : "";
        entity.RegionCode = record.RegionCode;
        entity.RawJson = prepared.RawJson;
        entity.NormalizedJson = prepared.NormalizedJson;
        entity.UpdatedAt = now;
    }

    /// <summary>
    /// Records the entity's current state as a new version and queues that version for the linker: every path that
    /// stores a version goes through here, so nothing stored escapes linking.
    /// </summary>
    public static void AddVersion(SourceRecordEntity entity, string batchKey, DateTime now, string reason = "")
    {
        entity.Versions.Add(new SourceRecordVersionEntity
        {
            Version = entity.Version,
            Retracted = entity.Retracted,
            Reason = reason,
            RawJson = entity.RawJson,
            ContentHash = entity.ContentHash,
            BatchKey = batchKey,
            StoredAt = now,
        });
        entity.PendingLinks.Add(new PendingLinkEntity { Version = entity.Version, QueuedAt = now });
    }
}

/// <summary>A normalised record with everything computed that needs no database: its hash and its JSON forms.</summary>
internal sealed record PreparedRecord(NormalizedRecord Record, byte[] Hash, string RawJson, string NormalizedJson)
{
    public static PreparedRecord From(NormalizedRecord record, byte[]? hash = null)
    {
        // One canonical serialisation serves both the stored JSON and the content hash.
        var json = CanonicalJson.ToUtf8(record.Raw);
        return new(record, hash ?? ContentHash.Of(json), System.Text.Encoding.UTF8.GetString(json), RecordJson.SerializeColumns(record.Details));
    }
}
