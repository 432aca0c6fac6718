using DataExchange.Api.Auditing;
using DataExchange.Api.Callers;
using DataExchange.Api.Grpc.Errors;
using DataExchange.Api.Grpc.Mapping;
using DataExchange.Api.Identity;
using DataExchange.Contracts.V1;
using DataExchange.Data;
using DataExchange.Data.Access;
using DataExchange.Data.Entities;
using DataExchange.Domain.Access;
using DataExchange.Domain.Agencies;
using DataExchange.Domain.Errors;
using DataExchange.Domain.Records;
using Grpc.Core;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Agency = DataExchange.Domain.Agencies.Agency;
using FieldGroup = DataExchange.Domain.Access.FieldGroup;
using DataExchange.Domain.Paging;

namespace DataExchange.Api.Grpc;

/// <summary>Access administration (administrators only, enforced by the access interceptor). Every change names itself in the call's audit entry.</summary>
public sealed partial class AccessAdminService(
    ICallerContext callers,
    IDbContextFactory<ExchangeDbContext> contexts,
    IServiceProvider services,
    GrantStore grants,
    TimeProvider clock) : AccessAdmin.AccessAdminBase
{
    private const int DefaultPageSize = 50;

    public override async Task<ListAgenciesResponse> ListAgencies(ListAgenciesRequest request, ServerCallContext context)
    {
        await using var db = await contexts.CreateDbContextAsync(context.CancellationToken);
        var agencies = await db.Agencies.AsNoTracking().ToListAsync(context.CancellationToken);
        var response = new ListAgenciesResponse();
        response.Agencies.AddRange(agencies.Select(ToInfo).OrderBy(info => info.Agency));
        return response;
    }

    public override async Task<SetAgencyEnabledResponse> SetAgencyEnabled(SetAgencyEnabledRequest request, ServerCallContext context)
    {
        var agency = RequireAgency(request.Agency, "agency");
        await using var db = await contexts.CreateDbContextAsync(context.CancellationToken);
        var entity = await db.Agencies.SingleAsync(entity => entity.Code == agency.ToCode(), context.CancellationToken);
        entity.Disabled = !request.Enabled;
        await db.SaveChangesAsync(context.CancellationToken);
        CallAudit.Of(context).Detail = $"agency {entity.Code} {(request.Enabled ? "enabled" : "disabled")}";
        return new SetAgencyEnabledResponse { Agency = ToInfo(entity) };
    }

    public override async Task<CreateClientResponse> CreateClient(CreateClientRequest request, ServerCallContext context)
    {
        var agency = RequireAgency(request.Agency, "agency");
        await using var scope = services.CreateAsyncScope();
        var clientId = request.ClientId.Trim();
        var secret = await scope.ServiceProvider.GetRequiredService<AgencyClients>()
            .CreateAsync(agency, clientId, string.IsNullOrWhiteSpace(request.DisplayName) ? clientId : request.DisplayName.Trim(), null, context.CancellationToken);
        CallAudit.Of(context).Detail = $"client {clientId} created for {agency.ToCode()}";
        return new CreateClientResponse { ClientId = clientId, ClientSecret = secret };
    }

    public override async Task<RotateClientSecretResponse> RotateClientSecret(RotateClientSecretRequest request, ServerCallContext context)
    {
        await using var scope = services.CreateAsyncScope();
        var secret = await scope.ServiceProvider.GetRequiredService<AgencyClients>().RotateSecretAsync(request.ClientId.Trim(), context.CancellationToken);
        CallAudit.Of(context).Detail = $"client {request.ClientId.Trim()} secret rotated";
        return new RotateClientSecretResponse { ClientSecret = secret };
    }

    public override async Task<DisableClientResponse> DisableClient(DisableClientRequest request, ServerCallContext context)
    {
        await using var scope = services.CreateAsyncScope();
        var changed = await scope.ServiceProvider.GetRequiredService<AgencyClients>().DisableAsync(request.ClientId.Trim(), context.CancellationToken);
        CallAudit.Of(context).Detail = $"client {request.ClientId.Trim()} disabled";
        return new DisableClientResponse { Unchanged = !changed };
    }

    public override async Task<CreateUserResponse> CreateUser(CreateUserRequest request, ServerCallContext context)
    {
        var agency = RequireAgency(request.Agency, "agency");
        var roles = RequireRoles(request.Roles);
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DxUser>>();
        var email = request.Email.Trim();
        var user = new DxUser { UserName = email, Email = email, EmailConfirmed = true, Agency = agency.ToCode() };
        // No password given: one is generated and shown once in the reply, as a client secret is.
        var generated = string.IsNullOrEmpty(request.Password) ? IdentitySeeder.GeneratePassword() : null;
        var created = await users.CreateAsync(user, generated ?? request.Password);
        if (!created.Succeeded)
        {
            throw new ValidationException(created.Errors.Select(error => new FieldError(
                error.Code.Contains("Password", StringComparison.Ordinal) ? "password" : "email", error.Description)).ToList());
        }

        await users.AddToRolesAsync(user, roles);
        CallAudit.Of(context).Detail = $"user {user.Id} created for {agency.ToCode()} with roles {string.Join(' ', roles)}";
        return new CreateUserResponse { UserId = user.Id, Password = generated ?? "" };
    }

    public override async Task<DisableUserResponse> DisableUser(DisableUserRequest request, ServerCallContext context)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DxUser>>();
        var user = await users.FindByIdAsync(request.UserId) ?? throw new NotFoundException($"There is no user {request.UserId}.");
        if (user.Id == callers.RequireCaller(context).Id)
        {
            throw new ConflictException("An administrator cannot disable themselves.");
        }

        var unchanged = user.Disabled;
        user.Disabled = true;
        await users.UpdateAsync(user);
        await users.UpdateSecurityStampAsync(user);
        CallAudit.Of(context).Detail = $"user {user.Id} disabled";
        return new DisableUserResponse { Unchanged = unchanged };
    }

    public override async Task<SetUserRolesResponse> SetUserRoles(SetUserRolesRequest request, ServerCallContext context)
    {
        var roles = RequireRoles(request.Roles, allowEmpty: true);
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DxUser>>();
        var user = await users.FindByIdAsync(request.UserId) ?? throw new NotFoundException($"There is no user {request.UserId}.");
        var current = await users.GetRolesAsync(user);
        await users.RemoveFromRolesAsync(user, current.Except(roles));
        await users.AddToRolesAsync(user, roles.Except(current));
        CallAudit.Of(context).Detail = $"user {user.Id} roles set to {string.Join(' ', roles)}";
        var response = new SetUserRolesResponse();
        response.Roles.AddRange(roles.Select(AccessMapping.ToRole));
        return response;
    }

    public override async Task<CreateGrantResponse> CreateGrant(CreateGrantRequest request, ServerCallContext context)
    {
        var grant = request.Grant ?? throw RpcErrors.InvalidArgument("grant", "is required");
        var errors = new List<FieldError>();
        var grantee = grant.Grantee.ToDomain();
        if (grantee is null)
        {
            errors.Add(new("grant.grantee", "is required"));
        }

        var purpose = grant.Purpose.ToDomain();
        if (purpose is null)
        {
            errors.Add(new("grant.purpose", "is required"));
        }

        var groups = grant.FieldGroups.Select(group => group.ToDomain()).ToList();
        if (groups.Count == 0 || groups.Any(group => group is null))
        {
            errors.Add(new("grant.field_groups", "needs at least one field group, none unspecified"));
        }

        var sources = grant.SourceAgencies.Select(agency => agency.ToDomain()).ToList();
        if (sources.Any(agency => agency is null) || (grantee is not null && sources.Contains(grantee)))
        {
            errors.Add(new("grant.source_agencies", "must name known agencies other than the grantee"));
        }

        var categories = grant.ChildCategories.Select(category => category.Trim()).ToList();
        if (categories.Any(category => category is not ("orphan" or "de_facto_unsupported" or "left_behind" or "in_difficulty")))
        {
            errors.Add(new("grant.child_categories", "may hold orphan, de_facto_unsupported, left_behind, in_difficulty"));
        }

        var regions = grant.Regions.Select(region => region.Trim()).ToList();
        if (regions.Any(region => region.Length is not (2 or 4 or 6) || !region.All(char.IsAsciiDigit)))
        {
            errors.Add(new("grant.regions", "must be region code prefixes of 2, 4 or 6 digits"));
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var validFrom = grant.ValidFrom?.ToDateTime() ?? now;
        var validTo = grant.ValidTo?.ToDateTime();
        if (validTo is null || validTo <= validFrom)
        {
            errors.Add(new("grant.valid_to", "is required and must be after valid_from"));
        }

        if (grant.FullIdentity && !groups.Contains(FieldGroup.Identity))
        {
            errors.Add(new("grant.full_identity", "needs the identity field group"));
        }

        if (grant.Reference.Length > 200)
        {
            errors.Add(new("grant.reference", "has more than 200 characters"));
        }

        if (errors.Count > 0)
        {
            throw RpcErrors.InvalidArgument(errors);
        }

        var stored = await grants.CreateAsync(new GrantEntity
        {
            GranteeAgency = grantee!.Value.ToCode(),
            SourceAgencies = string.Join(',', sources.Select(agency => agency!.Value.ToCode()).Distinct()),
            Purpose = purpose!.Value.ToCode(),
            Reference = grant.Reference.Trim(),
            FieldGroups = string.Join(',', groups.Select(group => group!.Value.ToCode()).Distinct()),
            FullIdentity = grant.FullIdentity,
            ChildCategories = string.Join(',', categories.Distinct()),
            Regions = string.Join(',', regions.Distinct()),
            ValidFrom = validFrom,
            ValidTo = validTo!.Value,
            CreatedBy = callers.RequireCaller(context).Id,
        }, context.CancellationToken);
        var audit = CallAudit.Of(context);
        audit.Grants.Add(stored.Id.ToString());
        audit.Detail = $"grant {stored.Id} created: {stored.GranteeAgency} {stored.Purpose} [{stored.FieldGroups}]{(stored.FullIdentity ? " full identity" : "")}";
        return new CreateGrantResponse { Grant = stored.ToContract() };
    }

    public override async Task<ListGrantsResponse> ListGrants(ListGrantsRequest request, ServerCallContext context)
    {
        var window = PageAfter(request.PageToken, request.PageSize, GrantStore.MaxPageSize);
        var grantee = request.Grantee == Contracts.V1.Agency.Unspecified ? null : request.Grantee.ToDomain()?.ToCode();
        var rows = await grants.ListAsync(grantee, request.IncludeInactive, window.WithLookAhead, context.CancellationToken);
        var response = new ListGrantsResponse
        {
            NextPageToken = window.NextTokenAfter(rows.Count),
        };
        response.Grants.AddRange(rows.Take(window.Size).Select(grant => grant.ToContract()));
        return response;
    }

    public override async Task<RevokeGrantResponse> RevokeGrant(RevokeGrantRequest request, ServerCallContext context)
    {
        if (!Guid.TryParse(request.GrantId, out var id))
        {
            throw RpcErrors.InvalidArgument("grant_id", "is not a grant id");
        }

        var (grant, changed) = await grants.RevokeAsync(id, callers.RequireCaller(context).Id, context.CancellationToken);
        var audit = CallAudit.Of(context);
        audit.Grants.Add(grant.Id.ToString());
        audit.Detail = $"grant {grant.Id} revoked";
        return new RevokeGrantResponse { Grant = grant.ToContract(), Unchanged = !changed };
    }

    private static AgencyInfo ToInfo(AgencyEntity entity) => new()
    {
        Agency = AgencyCodes.TryParse(entity.Code, out var agency) ? agency.ToContract() : Contracts.V1.Agency.Unspecified,
        DisplayName = entity.DisplayName,
        Enabled = !entity.Disabled,
    };

    private static Agency RequireAgency(Contracts.V1.Agency agency, string field) =>
        agency.ToDomain() ?? throw RpcErrors.InvalidArgument(field, "is required");

    private static List<string> RequireRoles(IEnumerable<Role> roles, bool allowEmpty = false)
    {
        var names = roles.Select(role => role.ToRoleName()).ToList();
        if (names.Any(name => name is null) || (!allowEmpty && names.Count == 0))
        {
            throw RpcErrors.InvalidArgument("roles", "must list steward, administrator or auditor");
        }

        return names.OfType<string>().Distinct().ToList();
    }
}
