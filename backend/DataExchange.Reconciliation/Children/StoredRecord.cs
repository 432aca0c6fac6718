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
        var values = Values(entity.NormalizedJson, entity.IdNumber, entity.Name, entity.Sex, entity.BirthDate, entity.RegionCode);
        if (!values.ContainsKey("address"))
        {
            values["address"] = RecordJson.ReadProperty(entity.RawJson, "address");
        }

        return new LinkedRecord(Agency(entity), entity.SourceId, entity.Version, entity.UpdatedAt, values);
    }

    /// <summary>
    /// A linked record's values without its address: the agency's normalised columns, then the common ones. The caller
    /// adds the raw record's address when the agency's columns have none (<see cref="Linked(SourceRecordEntity)"/> reads it
    /// from the raw JSON; the batch link kept it from the features' parse), in this order, so every reader's map is the same.
    /// </summary>
    public static Dictionary<string, string> Values(string normalizedJson, string idNumber, string name, string sex, string birthDate, string regionCode)
    {
        var values = RecordJson.DeserializeColumns(normalizedJson);
        values["id_number"] = idNumber;
        values["name"] = name;
        values["sex"] = sex;
        values["birth_date"] = birthDate;
        values["region_code"] = regionCode;
        return values;
    }
}
