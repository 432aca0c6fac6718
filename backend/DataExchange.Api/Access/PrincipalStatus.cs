using DataExchange.Data;
using Microsoft.EntityFrameworkCore;

namespace DataExchange.Api.Access;

/// <summary>
/// Checked on every call (no cache): a disabled client, person or agency is refused at once, even with an
/// unexpired token. One indexed look-up per call.
/// </summary>
public sealed class PrincipalStatus(IDbContextFactory<ExchangeDbContext> contexts, TimeProvider clock)
{
    public async Task<string?> RefusalAsync(CallerPrincipal caller, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var agencyCode = Domain.Agencies.AgencyCodes.ToCode(caller.Agency);
        if (await db.Agencies.AsNoTracking().AnyAsync(entity => entity.Code == agencyCode && entity.Disabled, cancellationToken))
        {
            return $"The agency {agencyCode} is disabled.";
        }

        if (caller.IsClient)
        {
            var client = await db.AgencyClients.AsNoTracking().SingleOrDefaultAsync(entity => entity.ClientId == caller.Id, cancellationToken);
            return client is null || client.Disabled || client.Agency != agencyCode ? "This client is disabled." : null;
        }

        var now = clock.GetUtcNow();
        var user = await db.Users.AsNoTracking().Where(entity => entity.Id == caller.Id)
            .Select(entity => new { entity.Disabled, entity.Agency, entity.LockoutEnd }).SingleOrDefaultAsync(cancellationToken);
        return user is null || user.Disabled || user.Agency != agencyCode || user.LockoutEnd > now ? "This person is disabled." : null;
    }
}
