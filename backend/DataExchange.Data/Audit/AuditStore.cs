using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using DataExchange.Data.Entities;
using DataExchange.Data.Observability;
using DataExchange.Data.Querying;
using DataExchange.Data.Writing;
using Microsoft.EntityFrameworkCore;

namespace DataExchange.Data.Audit;

/// <summary>
/// Appends entries to the one audit chain with group commit: concurrent callers queue their drafts, one of them (the
/// leader, whoever holds the writer lock) chains every queued draft in arrival order and writes them in ONE
/// transaction, and each caller returns only once the transaction holding its own entry has committed. If it
/// fails, every caller in the group gets the failure (the host then fails those calls closed).
/// <para>
/// Across hosts the head is taken inside that transaction, never from a cache: on PostgreSQL under
/// <c>pg_advisory_xact_lock</c> (<see cref="ChainLockKey"/>), so hosts append one after another and never collide;
/// on SQLite the transaction is <c>BEGIN IMMEDIATE</c>, the database's single writer. Behind both (and alone on SQL
/// Server) the database still refuses a fork: the sequence is the primary key and the previous hash is unique, so a
/// group that lost a race fails, re-reads the head and is retried. The chain never forks.
/// </para>
/// </summary>
public sealed class AuditStore(IDbContextFactory<ExchangeDbContext> contexts, TimeProvider clock, HubMetrics metrics) : IAuditSink
{
    /// <summary>The advisory lock every host takes on PostgreSQL before reading the head (an arbitrary constant: "dxaudit").</summary>
    public const long ChainLockKey = 0x6478_6175_6469_74;

    /// <summary>At most this many entries per transaction; a longer queue is written by the next leader.</summary>
    public const int MaxGroup = 512;

    private const int MaxAttempts = 8;
    private readonly SemaphoreSlim writer = new(1, 1);
    private readonly ConcurrentQueue<Pending> queue = new();
    private long lostRaces;

    /// <summary>
    /// How many group transactions this store retried because another writer had appended the same sequence first.
    /// On PostgreSQL hosts that all take the chain's lock this stays 0 (see PostgresChainHead): a rising count means
    /// a writer that does not take it, or a head read that does not see the lock holder's commit.
    /// </summary>
    public long LostRaces => Interlocked.Read(ref lostRaces);

    public async Task<long> AppendAsync(AuditDraft draft, CancellationToken cancellationToken)
    {
        var pending = new Pending(draft);
        queue.Enqueue(pending);
        try
        {
            await writer.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (!pending.TryAbandon())
        {
            // A leader took this draft while we waited and is writing it: its outcome is the answer, even if late.
            return await pending.Completion.Task;
        }

        try
        {
            // A leader before us may have written our draft: then there is nothing left for us to write. Else ours is
            // still queued (only the lock holder writes, and it finishes before releasing): write groups until it is
            // done, since a queue longer than one group may leave ours behind with nobody else waiting to write it.
            while (!pending.Completion.Task.IsCompleted && await WriteQueuedAsync(cancellationToken))
            {
            }
        }
        finally
        {
            writer.Release();
        }

        return await pending.Completion.Task;
    }

    /// <summary>Takes every queued draft (up to <see cref="MaxGroup"/>) and writes them as one group; false when none was queued.</summary>
    private async Task<bool> WriteQueuedAsync(CancellationToken cancellationToken)
    {
        var group = new List<Pending>();
        while (group.Count < MaxGroup && queue.TryDequeue(out var next))
        {
            // A caller that gave up waiting (its call already failed closed) leaves no entry behind.
            if (next.TryClaim())
            {
                group.Add(next);
            }
        }

        if (group.Count == 0)
        {
            return false;
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            var sequences = await WriteGroupAsync(group, cancellationToken);
            metrics.AuditGroupWritten(group.Count, Stopwatch.GetElapsedTime(started), succeeded: true);
            for (var i = 0; i < group.Count; i++)
            {
                group[i].Completion.TrySetResult(sequences[i]);
            }
        }
        catch (Exception exception)
        {
            metrics.AuditGroupWritten(group.Count, Stopwatch.GetElapsedTime(started), succeeded: false);
            foreach (var pending in group)
            {
                pending.Completion.TrySetException(exception);
            }
        }

        return true;
    }

    private async Task<long[]> WriteGroupAsync(List<Pending> group, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var db = await contexts.CreateDbContextAsync(cancellationToken);
                return await db.Database.CreateExecutionStrategy().ExecuteAsync((db, group), async (state, cancellationToken) =>
                {
                    var (context, drafts) = state;
                    context.ChangeTracker.Clear(); // A retried attempt starts again from the head it reads.
                    await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);
                    // PostgreSQL: the lock and the head in one round trip (see PostgresChainHead).
                    var head = context.Database.IsNpgsql()
                        ? await PostgresChainHead.LockAndReadAsync(context, ChainLockKey, cancellationToken)
                        : await ReadHeadAsync(context, cancellationToken);
                    var entries = Chain(head, drafts);
                    if (context.Database.IsNpgsql())
                    {
                        // One round trip for the whole group (see AuditRowsInsert).
                        await AuditRowsInsert.InsertAsync(context, entries, cancellationToken);
                    }
                    else
                    {
                        // SQLite: prepared statements in-process, no round trips; SQL Server: EF's batched SaveChanges.
                        context.AuditEntries.AddRange(entries);
                        await DirectSave.SaveChangesAsync(context, AuditRows, cancellationToken);
                    }

                    await transaction.CommitAsync(cancellationToken);
                    return entries.Select(entry => entry.Sequence).ToArray();
                }, cancellationToken);
            }
            catch (Exception exception) when (exception is DbUpdateException or DbException && attempt < MaxAttempts)
            {
                // Another writer appended entry N first (a host without the lock, or SQL Server): read the head again.
                Interlocked.Increment(ref lostRaces);
            }
        }
    }

    /// <summary>The group's entries, in arrival order, chained onto <paramref name="head"/>.</summary>
    private List<AuditEntryEntity> Chain(AuditHead? head, List<Pending> group)
    {
        var entries = new List<AuditEntryEntity>(group.Count);
        var sequence = head?.Sequence ?? 0;
        var previous = head?.Hash ?? AuditHash.Genesis;
        var now = AuditHash.Truncate(clock.GetUtcNow().UtcDateTime);
        foreach (var draft in group.Select(pending => pending.Draft))
        {
            var entry = new AuditEntryEntity
            {
                Sequence = ++sequence,
                OccurredAt = now,
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
                PreviousHash = previous,
                Hash = "",
            };
            entry.Hash = AuditHash.Compute(entry);
            previous = entry.Hash;
            entries.Add(entry);
        }

        return entries;
    }

    /// <summary>A draft waiting in the queue, and the sequence (or failure) its caller awaits.</summary>
    private sealed class Pending(AuditDraft draft)
    {
        private const int Queued = 0, Claimed = 1, Abandoned = 2;
        private int state = Queued;

        public AuditDraft Draft { get; } = draft;
        public TaskCompletionSource<long> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>A leader takes the draft into its group; false when its caller has given up.</summary>
        public bool TryClaim() => Interlocked.CompareExchange(ref state, Claimed, Queued) == Queued;

        /// <summary>The caller gives up before any leader took the draft; false when one already did.</summary>
        public bool TryAbandon() => Interlocked.CompareExchange(ref state, Abandoned, Queued) == Queued;
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

    // Audit rows are written with a plain prepared INSERT per row (DirectSave), not EF's update pipeline, which cost
    // more than the statement. A duplicate sequence or previous hash is refused by the database as before.
    private static readonly Type[] AuditRows = [typeof(AuditEntryEntity)];

    private static Task<AuditHead?> ReadHeadAsync(ExchangeDbContext db, CancellationToken cancellationToken) =>
        HeadOf.For(db)(db, cancellationToken);

    // Compiled: every group reads the head (SQLite, SQL Server), and translating the LINQ each time cost about as much
    // as SQLite answering it.
    private static readonly CompiledQuery<Func<ExchangeDbContext, CancellationToken, Task<AuditHead?>>> HeadOf = new(() =>
        EF.CompileAsyncQuery((ExchangeDbContext db, CancellationToken cancellationToken) => db.AuditEntries.AsNoTracking()
            .OrderByDescending(entry => entry.Sequence).Select(entry => new AuditHead(entry.Sequence, entry.Hash)).FirstOrDefault()));
}
