using DataExchange.Api.Access.Caching;
using DataExchange.Data;
using DataExchange.Data.Access;
using DataExchange.Domain.Agencies;
using Microsoft.EntityFrameworkCore;

namespace DataExchange.Api.Access;

/// <summary>What the database says of a caller now: why it is refused (null: it is not), and a person's current roles.</summary>
public sealed record PrincipalState(string? Refusal, IReadOnlySet<string> Roles);

/// <summary>
/// Checked on every call: a disabled client, person or agency is refused, and a person's roles are read again, so
/// disabling and removing a role both count on the next call even with an unexpired token. The state comes from the
/// database through <see cref="AccessStateCache{TKey,TValue}"/>: a change made through this host counts on the next
/// call, one made through another host on the same database within Access:CacheSeconds (1 s by default). One indexed
/// look-up (the caller's row with its agency and roles in one query) when the cache reads.
/// A sign-in throttle (too many wrong passwords) is not a disablement and does not refuse a live token.
/// </summary>
public sealed class PrincipalStatus(IDbContextFactory<ExchangeDbContext> contexts, AccessChanges changes, TimeProvider clock, AccessCacheSettings settings)
{
    private static readonly IReadOnlySet<string> NoRoles = new HashSet<string>();

    /// <summary>What the state of a caller depends on: who, of which kind, claiming which agency.</summary>
    private readonly record struct Key(bool IsClient, string Id, Agency Agency);

    private readonly AccessStateCache<Key, PrincipalState> cache = new(changes, clock, settings);

    public async Task<PrincipalState> CheckAsync(CallerPrincipal caller, CancellationToken cancellationToken) =>
        await cache.GetAsync(new Key(caller.IsClient, caller.Id, caller.Agency), ReadAsync, cancellationToken);

    private async Task<PrincipalState> ReadAsync(Key caller, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var agencyCode = AgencyCodes.ToCode(caller.Agency);
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
