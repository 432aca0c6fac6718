using DataExchange.Contracts.V1;
using DataExchange.Domain.Records;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Agency = DataExchange.Domain.Agencies.Agency;

namespace DataExchange.Contracts.Mapping;

/// <summary>
/// Maps the wire record to the domain's raw record and back. The agency detail messages name their
/// fields exactly as the exchange-format columns, so one descriptor walk serves all five agencies.
/// </summary>
public static class ChildRecordMapping
{
    public static SourceRecord ToDomain(this ChildRecord record, Agency agency)
    {
        var (detailsAgency, details) = DetailsOf(record);
        return new SourceRecord
        {
            Agency = agency,
            SourceId = record.SourceId,
            IdNumber = record.IdNumber,
            Name = record.Name,
            Sex = record.Sex,
            BirthDate = record.BirthDate,
            RegionCode = record.RegionCode,
            Address = record.Address,
            DetailsAgency = detailsAgency,
            Details = details,
            Attributes = record.Attributes.Count == 0 ? new Dictionary<string, string>() : new Dictionary<string, string>(record.Attributes),
        };
    }

    public static ChildRecord ToContract(this SourceRecord record)
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

        var details = NewDetails(record.Agency);
        foreach (var field in details.Descriptor.Fields.InFieldNumberOrder())
        {
            field.Accessor.SetValue(details, record.Detail(field.Name));
        }

        SetDetails(contract, record.Agency, details);
        return contract;
    }

    private static (Agency? Agency, Dictionary<string, string> Columns) DetailsOf(ChildRecord record)
    {
        IMessage? details = record.DetailsCase switch
        {
            ChildRecord.DetailsOneofCase.PublicSecurity => record.PublicSecurity,
            ChildRecord.DetailsOneofCase.Education => record.Education,
            ChildRecord.DetailsOneofCase.Health => record.Health,
            ChildRecord.DetailsOneofCase.DisabledFederation => record.DisabledFederation,
            ChildRecord.DetailsOneofCase.CivilAffairs => record.CivilAffairs,
            _ => null,
        };
        if (details is null)
        {
            return (null, []);
        }

        var columns = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in details.Descriptor.Fields.InFieldNumberOrder())
        {
            if (field.FieldType == FieldType.String && field.Accessor.GetValue(details) is string { Length: > 0 } value)
            {
                columns[field.Name] = value;
            }
        }

        return (AgencyOf(record.DetailsCase), columns);
    }

    private static Agency AgencyOf(ChildRecord.DetailsOneofCase detailsCase) => detailsCase switch
    {
        ChildRecord.DetailsOneofCase.PublicSecurity => Agency.PublicSecurity,
        ChildRecord.DetailsOneofCase.Education => Agency.Education,
        ChildRecord.DetailsOneofCase.Health => Agency.Health,
        ChildRecord.DetailsOneofCase.DisabledFederation => Agency.DisabledFederation,
        _ => Agency.CivilAffairs,
    };

    private static IMessage NewDetails(Agency agency) => agency switch
    {
        Agency.PublicSecurity => new PublicSecurityDetails(),
        Agency.Education => new EducationDetails(),
        Agency.Health => new HealthDetails(),
        Agency.DisabledFederation => new DisabilityDetails(),
        _ => new CivilAffairsDetails(),
    };

    private static void SetDetails(ChildRecord record, Agency agency, IMessage details)
    {
        switch (agency)
        {
            case Agency.PublicSecurity: record.PublicSecurity = (PublicSecurityDetails)details; break;
            case Agency.Education: record.Education = (EducationDetails)details; break;
            case Agency.Health: record.Health = (HealthDetails)details; break;
            case Agency.DisabledFederation: record.DisabledFederation = (DisabilityDetails)details; break;
            default: record.CivilAffairs = (CivilAffairsDetails)details; break;
        }
    }
}
