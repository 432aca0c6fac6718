using DataExchange.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace DataExchange.Data.Audit;

/// <summary>What an auditor asks of the chain: entries by filter, one page at a time.</summary>
public sealed record AuditFilter
{
    public string? ChildKey { get; init; }
    public string? Agency { get; init; }
    public string? Principal { get; init; }
    public string? Purpose { get; init; }
    public DateTime? From { get; init; }
    public DateTime? To { get; init; }

    /// <summary>Return entries with a sequence above this (the previous page's last).</summary>
    public long After { get; init; }
}

/// <summary>Reads of the audit chain: filtered pages, and the whole chain in order for verification.</summary>
public sealed class AuditQueries(IDbContextFactory<ExchangeDbContext> contexts)
{
    public async Task<IReadOnlyList<AuditEntryEntity>> QueryAsync(AuditFilter filter, int pageSize, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.AuditEntries.AsNoTracking().Where(entry => entry.Sequence > filter.After);
        if (!string.IsNullOrEmpty(filter.ChildKey))
        {
            query = query.Where(entry => entry.Children.Contains(filter.ChildKey));
        }

        if (!string.IsNullOrEmpty(filter.Agency))
        {
            query = query.Where(entry => entry.Agency == filter.Agency);
        }

        if (!string.IsNullOrEmpty(filter.Principal))
        {
            query = query.Where(entry => entry.Principal == filter.Principal);
        }

        if (!string.IsNullOrEmpty(filter.Purpose))
        {
            query = query.Where(entry => entry.Purpose == filter.Purpose);
        }

        if (filter.From is { } from)
        {
            query = query.Where(entry => entry.OccurredAt >= from);
        }

        if (filter.To is { } to)
        {
            query = query.Where(entry => entry.OccurredAt < to);
        }

        return await query.OrderBy(entry => entry.Sequence).Take(pageSize).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The child's successful calls that disclosed field groups, oldest first, at most <paramref name="max"/> (and one more
    /// when there are more, so the caller can tell). Filtered in the database: a child named by thousands of other calls
    /// (searches, reports, refusals) still has all of its disclosures found.
    /// </summary>
    public async Task<IReadOnlyList<AuditEntryEntity>> DisclosuresAsync(string childKey, int max, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.AuditEntries.AsNoTracking()
            .Where(entry => entry.Children.Contains(childKey) && entry.Outcome == AuditEntryEntity.OkOutcome && entry.FieldGroups != "")
            .OrderBy(entry => entry.Sequence).Take(max + 1).ToListAsync(cancellationToken);
    }

    /// <summary>Verifies the whole chain, streaming it in sequence order from the latest purge anchor.</summary>
    public async Task<AuditChainVerifier> VerifyAsync(AuditHead? expectedHead, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await VerifyAsync(db, expectedHead, cancellationToken);
    }

    public static async Task<AuditChainVerifier> VerifyAsync(ExchangeDbContext db, AuditHead? expectedHead, CancellationToken cancellationToken)
    {
        var anchor = await db.AuditPurges.AsNoTracking().OrderByDescending(purge => purge.UpToSequence).FirstOrDefaultAsync(cancellationToken);
        var verifier = new AuditChainVerifier(anchor, expectedHead);
        var lastRead = anchor?.UpToSequence ?? 0;
        try
        {
            await foreach (var entry in db.AuditEntries.AsNoTracking().OrderBy(entry => entry.Sequence).AsAsyncEnumerable().WithCancellation(cancellationToken))
            {
                lastRead = entry.Sequence;
                if (!verifier.Add(entry))
                {
                    return verifier;
                }
            }
        }
        catch (Exception exception) when (UnreadableEntries.IsUnreadable(exception))
        {
            var (sequence, column) = await UnreadableEntries.FindAsync(db, lastRead, cancellationToken);
            verifier.Unreadable(sequence, column);
            return verifier;
        }

        verifier.Complete();
        return verifier;
    }

    public static async Task<AuditHead?> HeadAsync(ExchangeDbContext db, CancellationToken cancellationToken) =>
        await db.AuditEntries.AsNoTracking().OrderByDescending(entry => entry.Sequence)
            .Select(entry => new AuditHead(entry.Sequence, entry.Hash)).FirstOrDefaultAsync(cancellationToken);
}
