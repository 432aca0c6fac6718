using DataExchange.Data.Entities;
using DataExchange.Data.Records;
using DataExchange.Domain.Agencies;
using DataExchange.Domain.Reconciliation;
using DataExchange.Domain.Records;

namespace DataExchange.Reconciliation.Children;

/// <summary>Turns a stored agency record into what the matcher (the raw record) and survivorship (normalised values) read.</summary>
public static class StoredRecord
{
    public static SourceRecord Raw(SourceRecordEntity entity) =>
        RecordJson.Deserialize(Agency(entity), entity.RawJson);

    public static Agency Agency(SourceRecordEntity entity) =>
        AgencyCodes.TryParse(entity.Agency, out var agency) ? agency : throw new InvalidDataException($"Unknown agency '{entity.Agency}' on record {entity.Id}.");

    public static LinkedRecord Linked(SourceRecordEntity entity)
    {
        var values = RecordJson.DeserializeColumns(entity.NormalizedJson);
        values["id_number"] = entity.IdNumber;
        values["name"] = entity.Name;
        values["sex"] = entity.Sex;
        values["birth_date"] = entity.BirthDate;
        values["region_code"] = entity.RegionCode;
        if (!values.ContainsKey("address"))
        {
            values["address"] = RecordJson.ReadProperty(entity.RawJson, "address");
        }

        return new LinkedRecord(Agency(entity), entity.SourceId, entity.Version, entity.UpdatedAt, values);
    }
}
