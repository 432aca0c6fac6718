using DataExchange.Data.Entities;
using DataExchange.Data.Querying;
using DataExchange.Domain.Errors;
using Microsoft.EntityFrameworkCore;
using DataExchange.Domain.Paging;

namespace DataExchange.Data.Access;

/// <summary>Grants as stored: created, listed, revoked, and looked up live on every cross-agency read (the host caches them: see GrantEvaluator).</summary>
public sealed class GrantStore(IDbContextFactory<ExchangeDbContext> contexts, TimeProvider clock)
{
    public const int MaxPageSize = 200;

    /// <summary>The grantee's grants for this purpose that are live now: started, not ended, not revoked.</summary>
    public async Task<IReadOnlyList<GrantEntity>> LiveAsync(string grantee, string purpose, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await LiveQuery.For(db)(db, grantee, purpose, now).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The grantee's grants for this purpose that are not revoked and not yet ended (some may not have started): what
    /// a cache of live grants holds, judging the validity period against the clock at each use.
    /// </summary>
    public async Task<IReadOnlyList<GrantEntity>> UnrevokedAsync(string grantee, string purpose, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await UnrevokedQuery.For(db)(db, grantee, purpose, now).ToListAsync(cancellationToken);
    }

    private static readonly CompiledQuery<Func<ExchangeDbContext, string, string, DateTime, IAsyncEnumerable<GrantEntity>>> UnrevokedQuery = new(() =>
        EF.CompileAsyncQuery((ExchangeDbContext db, string grantee, string purpose, DateTime now) => db.Grants.AsNoTracking()
            .Where(grant => grant.GranteeAgency == grantee && grant.Purpose == purpose && grant.RevokedAt == null && grant.ValidTo > now)));

    // Compiled: this runs on every cross-agency read (see CompiledQuery).
    private static readonly CompiledQuery<Func<ExchangeDbContext, string, string, DateTime, IAsyncEnumerable<GrantEntity>>> LiveQuery = new(() =>
        EF.CompileAsyncQuery((ExchangeDbContext db, string grantee, string purpose, DateTime now) => db.Grants.AsNoTracking()
            .Where(grant => grant.GranteeAgency == grantee && grant.Purpose == purpose && grant.RevokedAt == null
                            && grant.ValidFrom <= now && grant.ValidTo > now)));

    public async Task<GrantEntity> CreateAsync(GrantEntity grant, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        grant.Id = Guid.NewGuid();
        grant.CreatedAt = clock.GetUtcNow().UtcDateTime;
        db.Grants.Add(grant);
        await db.SaveChangesAsync(cancellationToken);
        return grant;
    }

    public async Task<IReadOnlyList<GrantEntity>> ListAsync(string? grantee, bool includeInactive, PageWindow window, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.Grants.AsNoTracking();
        if (!string.IsNullOrEmpty(grantee))
        {
            query = query.Where(grant => grant.GranteeAgency == grantee);
        }

        if (!includeInactive)
        {
            query = query.Where(grant => grant.RevokedAt == null && grant.ValidTo > now);
        }

        return await query.OrderBy(grant => grant.CreatedAt).ThenBy(grant => grant.Id)
            .Page(window).ToListAsync(cancellationToken);
    }

    /// <summary>Revokes a grant; returns false when it was already revoked.</summary>
    public async Task<(GrantEntity Grant, bool Changed)> RevokeAsync(Guid id, string revokedBy, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var grant = await db.Grants.SingleOrDefaultAsync(entity => entity.Id == id, cancellationToken)
                    ?? throw new NotFoundException($"There is no grant {id}.");
        if (grant.RevokedAt is not null)
        {
            return (grant, false);
        }

        grant.RevokedAt = clock.GetUtcNow().UtcDateTime;
        grant.RevokedBy = revokedBy;
        await db.SaveChangesAsync(cancellationToken);
        return (grant, true);
    }
}
