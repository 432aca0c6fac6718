using DataExchange.Api.Grpc.Mapping;
using DataExchange.Contracts.Mapping;
using DataExchange.Contracts.V1;
using DataExchange.Data.Entities;
using DataExchange.Data.Records;
using DataExchange.Domain.Access;
using DataExchange.Domain.Identifiers;
using Google.Protobuf.WellKnownTypes;
using FieldGroup = DataExchange.Domain.Access.FieldGroup;

namespace DataExchange.Api.Access;

/// <summary>
/// Shapes another agency's record for a grantee: only the columns of granted field groups are set (the rest are
/// absent from the reply, not blanked); extra attributes are never disclosed; ID-bearing columns are masked
/// unless full identity is granted and explicitly asked for. The version history is never disclosed.
/// </summary>
public static class RecordDisclosure
{
    public static StoredRecord Disclose(SourceRecordEntity entity, IReadOnlySet<FieldGroup> groups, bool revealIdNumbers)
    {
        var agency = StoredRecordMapping.AgencyOf(entity);
        var raw = RecordJson.Deserialize(agency, entity.RawJson);

        string Keep(string column, string value)
        {
            if (FieldGroups.GroupOf(agency, column) is not { } group || !groups.Contains(group) || value.Length == 0)
            {
                return "";
            }

            return FieldGroups.IdBearingColumns.Contains(column) && !revealIdNumbers ? CitizenIdNumber.Mask(value) : value;
        }

        var filtered = raw with
        {
            IdNumber = Keep("id_number", raw.IdNumber),
            Name = Keep("name", raw.Name),
            Sex = Keep("sex", raw.Sex),
            BirthDate = Keep("birth_date", raw.BirthDate),
            RegionCode = Keep("region_code", raw.RegionCode),
            Address = Keep("address", raw.Address),
            Details = raw.Details.Select(pair => (pair.Key, Value: Keep(pair.Key, pair.Value)))
                .Where(pair => pair.Value.Length > 0).ToDictionary(pair => pair.Key, pair => pair.Value),
            Attributes = new Dictionary<string, string>(),
        };

        var identity = groups.Contains(FieldGroup.Identity);
        return new StoredRecord
        {
            Agency = agency.ToContract(),
            SourceId = entity.SourceId,
            Version = entity.Version,
            Retracted = entity.Retracted,
            Record = filtered.ToContract(),
            Normalized = new NormalizedFields
            {
                IdNumber = Keep("id_number", entity.IdNumber),
                IdNumberValid = identity && entity.IdNumberValid,
                Name = Keep("name", entity.Name),
                Sex = Keep("sex", entity.Sex),
                BirthDate = Keep("birth_date", entity.BirthDate),
                RegionCode = Keep("region_code", entity.RegionCode),
            },
            UpdatedAt = Timestamp.FromDateTime(DateTime.SpecifyKind(entity.UpdatedAt, DateTimeKind.Utc)),
        };
    }
}
