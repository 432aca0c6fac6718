using DataExchange.Contracts.Mapping;
using DataExchange.Contracts.V1;
using DataExchange.Data.Entities;
using DataExchange.Data.Records;
using DataExchange.Domain.Agencies;
using Google.Protobuf.WellKnownTypes;
using Agency = DataExchange.Domain.Agencies.Agency;

namespace DataExchange.Api.Grpc.Mapping;

/// <summary>Maps stored records and their versions to the contract.</summary>
public static class StoredRecordMapping
{
    public static StoredRecord ToContract(this SourceRecordEntity entity)
    {
        var agency = AgencyOf(entity);
        return new StoredRecord
        {
            Agency = agency.ToContract(),
            SourceId = entity.SourceId,
            Version = entity.Version,
            Retracted = entity.Retracted,
            Record = RecordJson.Deserialize(agency, entity.RawJson).ToContract(),
            Normalized = new NormalizedFields
            {
                IdNumber = entity.IdNumber,
                IdNumberValid = entity.IdNumberValid,
                Name = entity.Name,
                Sex = entity.Sex,
                BirthDate = entity.BirthDate,
                RegionCode = entity.RegionCode,
            },
            UpdatedAt = Timestamp.FromDateTime(DateTime.SpecifyKind(entity.UpdatedAt, DateTimeKind.Utc)),
        };
    }

    public static RecordVersion ToContract(this SourceRecordVersionEntity version, Agency agency) => new()
    {
        Version = version.Version,
        Record = RecordJson.Deserialize(agency, version.RawJson).ToContract(),
        Retracted = version.Retracted,
        Reason = version.Reason,
        StoredAt = Timestamp.FromDateTime(DateTime.SpecifyKind(version.StoredAt, DateTimeKind.Utc)),
    };

    public static Agency AgencyOf(SourceRecordEntity entity) =>
        AgencyCodes.TryParse(entity.Agency, out var agency) ? agency : throw new InvalidDataException($"Unknown agency '{entity.Agency}' in the database.");
}
