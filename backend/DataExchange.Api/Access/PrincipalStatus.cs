using DataExchange.Data;
using Microsoft.EntityFrameworkCore;

namespace DataExchange.Api.Access;

/// <summary>What the database says of a caller now: why it is refused (null: it is not), and a person's current roles.</summary>
public sealed record PrincipalState(string? Refusal, IReadOnlySet<string> Roles);

/// <summary>
/// Checked on every call (no cache, so every host sees a change at once): a disabled client, person or agency is
/// refused, and a person's roles are read again, so disabling and removing a role both count on the next call even
/// with an unexpired token. One indexed look-up per call (the caller's row with its agency and roles in one query).
/// A sign-in throttle (too many wrong passwords) is not a disablement and does not refuse a live token.
/// </summary>
public sealed class PrincipalStatus(IDbContextFactory<ExchangeDbContext> contexts)
{
    private static readonly IReadOnlySet<string> NoRoles = new HashSet<string>();

    public async Task<PrincipalState> CheckAsync(CallerPrincipal caller, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var agencyCode = Domain.Agencies.AgencyCodes.ToCode(caller.Agency);
        if (caller.IsClient)
        {
            var client = await db.AgencyClients.AsNoTracking().Where(entity => entity.ClientId == caller.Id)
                .Select(entity => new
                {
                    entity.Disabled,
                    entity.Agency,
                    AgencyDisabled = db.Agencies.Any(agency => agency.Code == entity.Agency && agency.Disabled),
                })
                .SingleOrDefaultAsync(cancellationToken);
            var refusal = client is null || client.Disabled || client.Agency != agencyCode ? "This client is disabled."
                : client.AgencyDisabled ? $"The agency {agencyCode} is disabled."
                : null;
            return new PrincipalState(refusal, NoRoles);
        }

        var user = await db.Users.AsNoTracking().Where(entity => entity.Id == caller.Id)
            .Select(entity => new
            {
                entity.Disabled,
                entity.Agency,
                AgencyDisabled = db.Agencies.Any(agency => agency.Code == entity.Agency && agency.Disabled),
                Roles = db.UserRoles.Where(link => link.UserId == entity.Id)
                    .Join(db.Roles, link => link.RoleId, role => role.Id, (_, role) => role.Name!).ToList(),
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (user is null || user.Disabled || user.Agency != agencyCode)
        {
            return new PrincipalState("This person is disabled.", NoRoles);
        }

        return new PrincipalState(user.AgencyDisabled ? $"The agency {agencyCode} is disabled." : null,
            user.Roles.ToHashSet(StringComparer.Ordinal));
    }
}
