using DataExchange.Api.Identity;
using DataExchange.Data.Entities;
using DataExchange.Domain.Access;
using DataExchange.Domain.Agencies;
using Google.Protobuf.WellKnownTypes;
using Contract = DataExchange.Contracts.V1;

namespace DataExchange.Api.Grpc.Mapping;

/// <summary>Purposes, field groups, roles and grants between the wire and the domain.</summary>
public static class AccessMapping
{
    public static Purpose? ToDomain(this Contract.Purpose purpose) =>
        purpose != Contract.Purpose.Unspecified && System.Enum.IsDefined(typeof(Purpose), (int)purpose) ? (Purpose)(int)purpose : null;

    public static Contract.Purpose ToContract(this Purpose purpose) => (Contract.Purpose)(int)purpose;

    public static FieldGroup? ToDomain(this Contract.FieldGroup group) =>
        group != Contract.FieldGroup.Unspecified && System.Enum.IsDefined(typeof(FieldGroup), (int)group) ? (FieldGroup)(int)group : null;

    public static Contract.FieldGroup ToContract(this FieldGroup group) => (Contract.FieldGroup)(int)group;

    public static string? ToRoleName(this Contract.Role role) => role switch
    {
        Contract.Role.Steward => DxIdentity.Roles.Steward,
        Contract.Role.Administrator => DxIdentity.Roles.Administrator,
        Contract.Role.Auditor => DxIdentity.Roles.Auditor,
        _ => null,
    };

    public static Contract.Role ToRole(string name) => name switch
    {
        DxIdentity.Roles.Steward => Contract.Role.Steward,
        DxIdentity.Roles.Administrator => Contract.Role.Administrator,
        DxIdentity.Roles.Auditor => Contract.Role.Auditor,
        _ => Contract.Role.Unspecified,
    };

    public static Contract.Grant ToContract(this GrantEntity grant)
    {
        var contract = new Contract.Grant
        {
            GrantId = grant.Id.ToString(),
            Grantee = AgencyCodes.TryParse(grant.GranteeAgency, out var grantee) ? grantee.ToContract() : Contract.Agency.Unspecified,
            Purpose = PurposeCodes.TryParse(grant.Purpose, out var purpose) ? purpose.ToContract() : Contract.Purpose.Unspecified,
            Reference = grant.Reference,
            FullIdentity = grant.FullIdentity,
            ValidFrom = Utc(grant.ValidFrom),
            ValidTo = Utc(grant.ValidTo),
            RevokedAt = grant.RevokedAt is { } revoked ? Utc(revoked) : null,
            CreatedBy = grant.CreatedBy,
        };
        contract.SourceAgencies.AddRange(Split(grant.SourceAgencies)
            .Select(code => AgencyCodes.TryParse(code, out var agency) ? agency.ToContract() : Contract.Agency.Unspecified));
        contract.FieldGroups.AddRange(Split(grant.FieldGroups)
            .Select(code => FieldGroups.TryParse(code, out var group) ? group.ToContract() : Contract.FieldGroup.Unspecified));
        contract.ChildCategories.AddRange(Split(grant.ChildCategories));
        contract.Regions.AddRange(Split(grant.Regions));
        return contract;
    }

    public static Timestamp Utc(DateTime time) => Timestamp.FromDateTime(DateTime.SpecifyKind(time, DateTimeKind.Utc));

    private static string[] Split(string list) => list.Split(',', StringSplitOptions.RemoveEmptyEntries);
}
