using DataExchange.Api.Access.Caching;
using DataExchange.Data.Access;
using DataExchange.Data.Entities;
using DataExchange.Domain.Access;
using DataExchange.Domain.Agencies;

namespace DataExchange.Api.Access;

/// <summary>What the live grants that cover one record allow: the union of their field groups, and full identity if any grants it.</summary>
public sealed record GrantDecision(IReadOnlyList<Guid> GrantIds, IReadOnlySet<FieldGroup> FieldGroups, bool FullIdentity);

/// <summary>
/// Decides a cross-agency read against the grants in the database, looked up on every call through
/// <see cref="AccessStateCache{TKey,TValue}"/>: a grant revoked, created or changed through this host counts on the
/// next call, one changed through another host on the same database within Access:CacheSeconds (1 s by default).
/// A grant's validity period is judged on every call against the clock, never cached. Scoping by owner agency,
/// child category and region narrows a grant.
/// </summary>
public sealed class GrantEvaluator(GrantStore grants, ChildCategories categories, AccessChanges changes, TimeProvider clock, AccessCacheSettings settings)
{
    private readonly AccessStateCache<(string Grantee, string Purpose), IReadOnlyList<GrantEntity>> unrevoked = new(changes, clock, settings);

    /// <summary>The grantee's live grants for the purpose that may cover records of the owner agency.</summary>
    public async Task<IReadOnlyList<GrantEntity>> CandidatesAsync(Agency grantee, Purpose purpose, Agency owner, CancellationToken cancellationToken) =>
        Candidates(await LiveAsync(grantee, purpose, cancellationToken), owner);

    /// <summary>
    /// The grantee's live grants for the purpose now: not revoked (as the cache last read), started and not ended (by
    /// the clock, on every call). A read of several owners' records (a child's linked records) looks them up once
    /// per call and narrows them per owner with <see cref="Candidates"/>.
    /// </summary>
    public async Task<IReadOnlyList<GrantEntity>> LiveAsync(Agency grantee, Purpose purpose, CancellationToken cancellationToken)
    {
        var stored = await unrevoked.GetAsync((grantee.ToCode(), purpose.ToCode()),
            (key, token) => grants.UnrevokedAsync(key.Grantee, key.Purpose, token), cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        return stored.Where(grant => grant.ValidFrom <= now && grant.ValidTo > now).ToList();
    }

    /// <summary>Those of the live grants that may cover records of the owner agency.</summary>
    public static IReadOnlyList<GrantEntity> Candidates(IReadOnlyList<GrantEntity> live, Agency owner) =>
        live.Where(grant => Split(grant.SourceAgencies) is var sources && (sources.Length == 0 || sources.Contains(owner.ToCode()))).ToList();

    /// <summary>The decision for one record; null when no candidate covers it.</summary>
    public async Task<GrantDecision?> DecideAsync(IReadOnlyList<GrantEntity> candidates, SourceRecordEntity record, CancellationToken cancellationToken)
    {
        IReadOnlySet<string>? childCategories = null;
        var covering = new List<GrantEntity>();
        foreach (var grant in candidates)
        {
            var regions = Split(grant.Regions);
            if (regions.Length > 0 && !regions.Any(prefix => record.RegionCode.StartsWith(prefix, StringComparison.Ordinal)))
            {
                continue;
            }

            var wanted = Split(grant.ChildCategories);
            if (wanted.Length > 0)
            {
                childCategories ??= await categories.ForIdNumberAsync(record.IdNumber, cancellationToken);
                if (!wanted.Any(childCategories.Contains))
                {
                    continue;
                }
            }

            covering.Add(grant);
        }

        if (covering.Count == 0)
        {
            return null;
        }

        var groups = covering.SelectMany(grant => Split(grant.FieldGroups))
            .Select(code => FieldGroups.TryParse(code, out var group) ? group : (FieldGroup?)null)
            .OfType<FieldGroup>()
            .ToHashSet();
        return new GrantDecision(covering.Select(grant => grant.Id).ToList(), groups,
            covering.Any(grant => grant.FullIdentity && Split(grant.FieldGroups).Contains(FieldGroup.Identity.ToCode())));
    }

    private static string[] Split(string list) => list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
