using DataExchange.Contracts.V1;
using DataExchange.Domain.Records;
using Google.Protobuf;
using Agency = DataExchange.Domain.Agencies.Agency;

namespace DataExchange.Cli.Import;

/// <summary>
/// The wire record for a raw record. The agency detail messages name their fields exactly as the
/// exchange-format columns, so one descriptor walk fills all five (the host maps back the same way).
/// </summary>
public static class ChildRecordBuilder
{
    public static ChildRecord ToContract(SourceRecord record)
    {
        var contract = new ChildRecord
        {
            SourceId = record.SourceId,
            IdNumber = record.IdNumber,
            Name = record.Name,
            Sex = record.Sex,
            BirthDate = record.BirthDate,
            RegionCode = record.RegionCode,
            Address = record.Address,
        };
        foreach (var (key, value) in record.Attributes)
        {
            contract.Attributes[key] = value;
        }

        IMessage details = record.Agency switch
        {
            Agency.PublicSecurity => contract.PublicSecurity = new PublicSecurityDetails(),
            Agency.Education => contract.Education = new EducationDetails(),
            Agency.Health => contract.Health = new HealthDetails(),
            Agency.DisabledFederation => contract.DisabledFederation = new DisabilityDetails(),
            _ => contract.CivilAffairs = new CivilAffairsDetails(),
        };
        foreach (var (column, value) in record.Details)
        {
            details.Descriptor.FindFieldByName(column)?.Accessor.SetValue(details, value);
        }

        return contract;
    }
}
