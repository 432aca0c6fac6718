using System.Data.Common;
using DataExchange.Data.Entities;
using DataExchange.Data.Writing;
using Microsoft.EntityFrameworkCore;

namespace DataExchange.Data.Audit;

/// <summary>
/// Appends entries to the one audit chain. Within a host a semaphore serialises appends (a single writer, the
/// head cached); across hosts the database does: the sequence is the primary key and the previous hash is
/// unique, so a second writer of entry N fails, re-reads the head and retries. The chain never forks.
/// </summary>
public sealed class AuditStore(IDbContextFactory<ExchangeDbContext> contexts, TimeProvider clock) : IAuditSink
{
    private const int MaxAttempts = 8;
    private readonly SemaphoreSlim writer = new(1, 1);
    private AuditHead? cachedHead;

    public async Task<long> AppendAsync(AuditDraft draft, CancellationToken cancellationToken)
    {
        await writer.WaitAsync(cancellationToken);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                await using var db = await contexts.CreateDbContextAsync(cancellationToken);
                var head = cachedHead ?? await ReadHeadAsync(db, cancellationToken);
                var entry = new AuditEntryEntity
                {
                    Sequence = (head?.Sequence ?? 0) + 1,
                    OccurredAt = AuditHash.Truncate(clock.GetUtcNow().UtcDateTime),
                    PrincipalKind = draft.PrincipalKind,
                    Principal = draft.Principal,
                    Agency = draft.Agency,
                    Rpc = draft.Rpc,
                    Purpose = draft.Purpose,
                    PurposeReference = draft.PurposeReference,
                    Grants = draft.Grants,
                    Children = draft.Children,
                    FieldGroups = draft.FieldGroups,
                    Outcome = draft.Outcome,
                    Detail = draft.Detail,
                    PreviousHash = head?.Hash ?? AuditHash.Genesis,
                    Hash = "",
                };
                entry.Hash = AuditHash.Compute(entry);
                try
                {
                    await InsertAsync(db, entry, cancellationToken);
                    cachedHead = new AuditHead(entry.Sequence, entry.Hash);
                    return entry.Sequence;
                }
                catch (Exception exception) when (exception is DbUpdateException or DbException && attempt < MaxAttempts)
                {
                    // Another host appended first (or the cache is stale): read the real head and try again.
                    cachedHead = null;
                }
            }
        }
        catch
        {
            cachedHead = null;
            throw;
        }
        finally
        {
            writer.Release();
        }
    }

    /// <summary>
    /// Removes entries older than <paramref name="olderThan"/>, but never one younger than the retention minimum.
    /// Records the purge first (the delete trigger lets only covered entries go) with the anchor the remaining
    /// chain starts from. Returns how many entries were removed.
    /// </summary>
    public async Task<int> PurgeAsync(DateTime olderThan, TimeSpan minimumRetention, string purgedBy, CancellationToken cancellationToken)
    {
        var cutoff = AuditHash.Truncate(clock.GetUtcNow().UtcDateTime - minimumRetention);
        if (olderThan < cutoff)
        {
            cutoff = olderThan;
        }

        await writer.WaitAsync(cancellationToken);
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var firstKept = await db.AuditEntries.Where(entry => entry.OccurredAt >= cutoff)
                .MinAsync(entry => (long?)entry.Sequence, cancellationToken);
            var upTo = firstKept is { } kept ? kept - 1 : await db.AuditEntries.MaxAsync(entry => (long?)entry.Sequence, cancellationToken) ?? 0;
            var previous = await db.AuditPurges.MaxAsync(purge => (long?)purge.UpToSequence, cancellationToken) ?? 0;
            if (upTo <= previous)
            {
                return 0;
            }

            var anchor = await db.AuditEntries.Where(entry => entry.Sequence == upTo).Select(entry => entry.Hash).SingleAsync(cancellationToken);
            db.AuditPurges.Add(new AuditPurgeEntity { UpToSequence = upTo, AnchorHash = anchor, PurgedAt = clock.GetUtcNow().UtcDateTime, PurgedBy = purgedBy });
            await db.SaveChangesAsync(cancellationToken);
            var removed = await db.AuditEntries.Where(entry => entry.Sequence <= upTo).ExecuteDeleteAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return removed;
        }
        finally
        {
            writer.Release();
        }
    }

    // Every audited call appends one row: a plain INSERT (DirectSave) in its own transaction, not EF's update pipeline,
    // which cost more than the statement. A duplicate sequence or previous hash is refused by the database as before.
    private static readonly Type[] AuditRows = [typeof(AuditEntryEntity)];

    private static Task InsertAsync(ExchangeDbContext db, AuditEntryEntity entry, CancellationToken cancellationToken) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync((db, entry), async (state, cancellationToken) =>
        {
            var (context, row) = state;
            context.Entry(row).State = EntityState.Added; // Again on a retried attempt, whose transaction rolled back.
            await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);
            await DirectSave.SaveChangesAsync(context, AuditRows, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }, cancellationToken);

    private static async Task<AuditHead?> ReadHeadAsync(ExchangeDbContext db, CancellationToken cancellationToken) =>
        await db.AuditEntries.AsNoTracking().OrderByDescending(entry => entry.Sequence)
            .Select(entry => new AuditHead(entry.Sequence, entry.Hash))
            .FirstOrDefaultAsync(cancellationToken);
}
