using Contract = DataExchange.Contracts.V1;
using DataExchange.Domain.Agencies;

namespace DataExchange.Api.Grpc.Mapping;

/// <summary>The domain's agencies and the contract's enum are kept apart so the wire format can evolve on its own.</summary>
public static class AgencyMapping
{
    public static Contract.Agency ToContract(this Agency agency) => agency switch
    {
        Agency.PublicSecurity => Contract.Agency.PublicSecurity,
        Agency.Education => Contract.Agency.Education,
        Agency.Health => Contract.Agency.Health,
        Agency.DisabledFederation => Contract.Agency.DisabledFederation,
        Agency.CivilAffairs => Contract.Agency.CivilAffairs,
        _ => Contract.Agency.Unspecified,
    };

    public static Agency? ToDomain(this Contract.Agency agency) => agency switch
    {
        Contract.Agency.PublicSecurity => Agency.PublicSecurity,
        Contract.Agency.Education => Agency.Education,
        Contract.Agency.Health => Agency.Health,
        Contract.Agency.DisabledFederation => Agency.DisabledFederation,
        Contract.Agency.CivilAffairs => Agency.CivilAffairs,
        _ => null,
    };
}
