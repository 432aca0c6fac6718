using System.Data.Common;
using System.Diagnostics;
using System.Threading.Channels;
using DataExchange.Data.Entities;
using DataExchange.Data.Observability;
using DataExchange.Data.Querying;
using DataExchange.Data.Writing;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DataExchange.Data.Audit;

/// <summary>
/// Appends entries to the one audit chain with group commit: concurrent callers queue their drafts, the store's pump
/// (its one writer of groups, holding the writer lock for each group until that group hands it over) chains every
/// queued draft in arrival order and writes them in ONE transaction, and each caller returns only once the
/// transaction holding its own entry has committed. If it fails, every caller in the group gets the failure (the host
/// then fails those calls closed).
/// <para>
/// Across hosts the head is taken inside that transaction, never from a cache: on PostgreSQL under
/// <c>pg_advisory_xact_lock</c> (<see cref="ChainLockKey"/>), so hosts append one after another and never collide;
/// on SQLite the transaction is <c>BEGIN IMMEDIATE</c>, the database's single writer. Behind both (and alone on SQL
/// Server) the database still refuses a fork: the sequence is the primary key and the previous hash is unique, so a
/// group that lost a race fails, re-reads the head and is retried. The chain never forks.
/// </para>
/// <para>
/// On PostgreSQL a host that wrote the chain's last group chains its next group onto that group's last entry, held in
/// memory (<see cref="tail"/>), and appends it in ONE round trip, lock, guarded insert and commit together (see
/// PostgresChainAppend): the guard is the database's own head, read under the chain's lock, so a stale memory (another
/// host appended, a group failed, a purge) costs a retry from the head read under the lock, never a fork. Up to
/// <see cref="MaxInFlight"/> groups of one host are in flight one behind the other, their lock requests queued in the
/// database in the order they were sent.
/// </para>
/// </summary>
public sealed class AuditStore(IDbContextFactory<ExchangeDbContext> contexts, TimeProvider clock, HubMetrics metrics) : IAuditSink, IDisposable
{
    /// <summary>The advisory lock every host takes on PostgreSQL before reading the head (an arbitrary constant: "dxaudit").</summary>
    public const long ChainLockKey = 0x6478_6175_6469_74;

    /// <summary>At most this many entries per transaction; a longer queue is written by the next group.</summary>
    public const int MaxGroup = 512;

    /// <summary>
    /// PostgreSQL: at most this many groups of this host written at once. More would only split the queue into smaller
    /// groups, each a transaction the database runs one after another on the same cores as the reads; while both are
    /// in flight the queue grows into the next group.
    /// </summary>
    public const int MaxInFlight = 2;

    /// <summary>How long one group may take to be written before its callers fail closed.</summary>
    public static readonly TimeSpan GroupTimeout = TimeSpan.FromSeconds(10);

    private const int MaxAttempts = 8;
    private readonly SemaphoreSlim writer = new(1, 1);
    private readonly SemaphoreSlim inFlight = new(MaxInFlight, MaxInFlight);
    private readonly Channel<Pending> queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>1 once the pump (the store's one writer of groups) runs: started by the first append.</summary>
    private int pumping;
    private long lostRaces, staleHeads;

    /// <summary>SQLite: the group transaction on a kept-open connection (see SqliteChainAppend); used by the writer-lock holder only.</summary>
    private readonly SqliteChainAppend sqlite = new(contexts);
    private bool disposed;

    /// <summary>
    /// PostgreSQL: the chain's head once the last group this host sent has committed (null: not known, read it under
    /// the lock). Set by the writer of that group, before it hands the writer lock on, so the next group chains
    /// onto it; cleared when that group fails or finds the head moved. It is a guess the database checks: every group
    /// chained onto it is inserted only if the head is still this one (PostgresChainAppend), so a stale tail can cost a
    /// retry but never a fork or a gap.
    /// </summary>
    private AuditHead? tail;

    /// <summary>
    /// How many group transactions this store retried because another writer had appended the same sequence first.
    /// On PostgreSQL hosts that all take the chain's lock this stays 0 (see PostgresChainHead): a rising count means
    /// a writer that does not take it, or a head read that does not see the lock holder's commit.
    /// </summary>
    public long LostRaces => Interlocked.Read(ref lostRaces);

    /// <summary>
    /// PostgreSQL: how many times this store chained a group onto the head it expected and found the chain had moved on
    /// (another host appended since, or the group before failed), and so chained it again onto the head found there.
    /// </summary>
    public long StaleHeads => Interlocked.Read(ref staleHeads);

    public async Task<long> AppendAsync(AuditDraft draft, CancellationToken cancellationToken)
    {
        var pending = new Pending(draft);
        // Unbounded and never completed: the channel always takes the draft.
        queue.Writer.TryWrite(pending);
        EnsurePump();
        try
        {
            return await pending.Completion.Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && !pending.TryAbandon())
        {
            // The writer took this draft before the caller gave up and is writing it: its outcome is the answer, even if late.
            return await pending.Completion.Task;
        }
    }

    private void EnsurePump()
    {
        if (Volatile.Read(ref pumping) == 0 && Interlocked.Exchange(ref pumping, 1) == 0)
        {
            _ = Task.Run(PumpAsync);
        }
    }

    /// <summary>
    /// The one writer of this store's groups: takes the writer lock, waits for an in-flight slot, takes every queued
    /// draft into one group and starts writing it; the lock comes back when the group hands it over (its batch sent,
    /// see WriterTurn), and meanwhile the queue grows into the next group. Callers only wait for their own entry: a
    /// profile of 64 concurrent GetChild callers, when every caller queued for the writer lock to find out whether its
    /// draft had been taken, spent a seventh of the host's CPU in that lock's convoy.
    /// </summary>
    private async Task PumpAsync()
    {
        while (await queue.Reader.WaitToReadAsync())
        {
            await writer.WaitAsync();
            var turn = new WriterTurn(writer);
            await inFlight.WaitAsync();
            var group = TakeQueued();
            if (group.Count == 0)
            {
                inFlight.Release();
                turn.HandOver();
                continue;
            }

            _ = WriteAndReleaseAsync(group, turn);
        }
    }

    private async Task WriteAndReleaseAsync(List<Pending> group, WriterTurn turn)
    {
        try
        {
            // Its own deadline, not a caller's: a caller that hangs up must not fail the entries of the others.
            using var timeout = new CancellationTokenSource(GroupTimeout);
            await WriteGroupAsync(group, turn, timeout.Token);
        }
        finally
        {
            inFlight.Release();
            turn.HandOver();
        }
    }

    /// <summary>
    /// The writer lock held for one group, handed to the pump's next group once (<see cref="HandOver"/>): on PostgreSQL as
    /// soon as the group's batch is sent (head known) or its rows are inserted under the chain's lock (before its
    /// commit), so that the next group's lock request already waits in the database while this one commits (up to
    /// <see cref="MaxInFlight"/> groups in flight, see WriteChainedAsync).
    /// </summary>
    private sealed class WriterTurn(SemaphoreSlim? writer)
    {
        /// <summary>A group written without the writer lock (see WriteChainedAsync): there is nothing to hand over.</summary>
        public static WriterTurn None => new(null);

        private int handedOver;

        public bool HandedOver => Volatile.Read(ref handedOver) == 1;

        /// <summary>This turn still holds the writer lock: nothing else writes through the store's own connections.</summary>
        public bool HoldsWriter => writer is not null && !HandedOver;

        public void HandOver()
        {
            if (Interlocked.Exchange(ref handedOver, 1) == 0)
            {
                writer?.Release();
            }
        }
    }

    /// <summary>Every queued draft whose caller still waits, up to <see cref="MaxGroup"/>, in arrival order.</summary>
    private List<Pending> TakeQueued()
    {
        var group = new List<Pending>();
        while (group.Count < MaxGroup && queue.Reader.TryRead(out var next))
        {
            // A caller that gave up waiting (its call already failed closed) leaves no entry behind.
            if (next.TryClaim())
            {
                group.Add(next);
            }
        }

        return group;
    }

    /// <summary>Writes one group and answers each of its callers: its sequence, or the group's failure.</summary>
    private async Task WriteGroupAsync(List<Pending> group, WriterTurn turn, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var sequences = await WriteChainedAsync(group, turn, cancellationToken);
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
    }

    /// <summary>
    /// Writes one group in one transaction and returns its sequences once it has committed. On PostgreSQL, when this
    /// host knows the head (<see cref="tail"/>), in one round trip chained onto it (PostgresChainAppend), the writer
    /// handed to the next group as soon as the batch is sent; when the head had moved, that round trip says where to
    /// (read under the chain's lock) and the group is chained onto that head and sent again, up to
    /// <see cref="MaxAttempts"/> times; when the head is not known (first group, empty chain) or the attempts ran out,
    /// under the lock from the head read there (<see cref="WriteLockedAsync"/>).
    /// <para>
    /// If the one-round-trip append fails (its INSERT or its COMMIT refused), the group's callers fail closed and it is
    /// not retried: the groups sent behind it chained onto it, find the head is not theirs, and are written again onto
    /// the head before it; a group retried after them would be chained out of arrival order (and a commit that failed
    /// in transit may have committed, which the next group's guard sees).
    /// </para>
    /// </summary>
    private async Task<long[]> WriteChainedAsync(List<Pending> group, WriterTurn turn, CancellationToken cancellationToken)
    {
        var head = Volatile.Read(ref tail);
        for (var attempt = 1; head is not null && attempt <= MaxAttempts; attempt++)
        {
            var entries = Chain(head, group);
            var mine = new AuditHead(entries[^1].Sequence, entries[^1].Hash);
            Volatile.Write(ref tail, mine);
            PostgresChainAppend.Outcome outcome;
            try
            {
                await using var db = await contexts.CreateDbContextAsync(cancellationToken);
                outcome = await PostgresChainAppend.AppendIfHeadAsync(db, ChainLockKey, entries, turn.HandOver, cancellationToken);
            }
            catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                // A writer that does not take the chain's lock appended this sequence first: nothing of ours was written,
                // and the head is not known; the lock and head read below settle it.
                Forget(mine);
                Interlocked.Increment(ref lostRaces);
                break;
            }
            catch
            {
                Forget(mine);
                throw;
            }

            if (outcome.Appended)
            {
                return entries.Select(entry => entry.Sequence).ToArray();
            }

            // The head had moved (another host appended, the group this one chained onto failed): nothing was written.
            // Chained again onto the head read under the lock, still without the writer lock, which the next group
            // holds and which may be waiting for this group's in-flight slot: the database's lock orders the groups,
            // and every attempt is guarded, so a head that has moved again only costs another attempt.
            Forget(mine);
            Interlocked.Increment(ref staleHeads);
            head = outcome.HeadFound;
        }

        // Once the writer lock is handed over, WriterTurn.None: the turn is spent, and a spent turn would also forbid
        // WriteLockedAsync's retry of a lost race.
        return await WriteLockedAsync(group, turn.HandedOver ? WriterTurn.None : turn, cancellationToken);
    }

    /// <summary>The head this host guessed is no longer to be chained onto, unless a later group already replaced it.</summary>
    private void Forget(AuditHead guessed) => Interlocked.CompareExchange(ref tail, null, guessed);

    /// <summary>
    /// Writes one group in one transaction from the head read inside it, and returns its sequences once it has committed.
    /// <para>
    /// On PostgreSQL the writer lock is handed to the next group after the INSERT, before the COMMIT: that next
    /// group is chained onto this one's last entry (<see cref="tail"/>, set before the hand-over) and its batch asks for
    /// the chain's advisory lock, which this transaction holds until it commits, so its guarded insert sees this group.
    /// If this COMMIT fails, the lock is released with the rollback, the next group finds the head is not the one it
    /// chained onto and is written again from the head before this one, and this group's callers fail closed; it is not
    /// retried, since a group retried after the next one started would be chained out of arrival order (and a commit
    /// that failed in transit may have committed). Failures up to the INSERT, lost races included, are retried as
    /// before, still holding the writer lock.
    /// </para>
    /// </summary>
    private async Task<long[]> WriteLockedAsync(List<Pending> group, WriterTurn turn, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (turn.HoldsWriter && !disposed && !sqlite.NotSqlite
                    && await sqlite.TryAppendAsync(head => Chain(head, group), cancellationToken) is { } appended)
                {
                    return appended;
                }

                await using var db = await contexts.CreateDbContextAsync(cancellationToken);
                if (!db.Database.IsNpgsql())
                {
                    return await db.Database.CreateExecutionStrategy().ExecuteAsync((db, group), async (state, cancellationToken) =>
                    {
                        var (context, drafts) = state;
                        context.ChangeTracker.Clear(); // A retried attempt starts again from the head it reads.
                        await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);
                        var entries = Chain(await ReadHeadAsync(context, cancellationToken), drafts);
                        // SQL Server (and SQLite once the store is disposed): EF's batched SaveChanges; SQLite appends through SqliteChainAppend above.
                        context.AuditEntries.AddRange(entries);
                        await DirectSave.SaveChangesAsync(context, AuditRows, cancellationToken);
                        await transaction.CommitAsync(cancellationToken);
                        return entries.Select(entry => entry.Sequence).ToArray();
                    }, cancellationToken);
                }

                var (transaction, entries) = await db.Database.CreateExecutionStrategy().ExecuteAsync((db, group), async (state, cancellationToken) =>
                {
                    var (context, drafts) = state;
                    var open = await context.Database.BeginTransactionAsync(cancellationToken);
                    try
                    {
                        // The lock and the head in one round trip (see PostgresChainHead), the group in one more (AuditRowsInsert).
                        var entries = Chain(await PostgresChainHead.LockAndReadAsync(context, ChainLockKey, cancellationToken), drafts);
                        await AuditRowsInsert.InsertAsync(context, entries, cancellationToken);
                        return (open, entries);
                    }
                    catch
                    {
                        await open.DisposeAsync();
                        throw;
                    }
                }, cancellationToken);
                var mine = new AuditHead(entries[^1].Sequence, entries[^1].Hash);
                try
                {
                    await using (transaction)
                    {
                        Volatile.Write(ref tail, mine);
                        turn.HandOver();
                        await transaction.CommitAsync(cancellationToken);
                    }
                }
                catch
                {
                    Forget(mine);
                    throw;
                }

                return entries.Select(entry => entry.Sequence).ToArray();
            }
            catch (Exception exception) when (exception is DbUpdateException or DbException && attempt < MaxAttempts && !turn.HandedOver)
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

        /// <summary>The pump takes the draft into a group; false when its caller has given up.</summary>
        public bool TryClaim() => Interlocked.CompareExchange(ref state, Claimed, Queued) == Queued;

        /// <summary>The caller gives up before any group took the draft; false when one already did.</summary>
        public bool TryAbandon() => Interlocked.CompareExchange(ref state, Abandoned, Queued) == Queued;
    }

    /// <summary>
    /// Removes entries older than <paramref name="olderThan"/>, but never one younger than the retention minimum.
    /// Records the purge first (the delete trigger lets only covered entries go) with the anchor the remaining
    /// chain starts from. The newest entry stays even when it is older (the head the chain goes on from). Returns how
    /// many entries were removed.
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
            // The newest entry is always kept, however old: it is the chain's head, which every appender (on any host)
            // chains onto. With it gone the next entry would restart at sequence 1 from the genesis hash and no longer
            // follow the purge's anchor.
            var newest = await db.AuditEntries.MaxAsync(entry => (long?)entry.Sequence, cancellationToken) ?? 0;
            var upTo = Math.Min(firstKept is { } kept ? kept - 1 : newest, newest - 1);
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

    /// <summary>Closes the SQLite connection the store keeps open, once no group is being written (idempotent).</summary>
    public void Dispose()
    {
        writer.Wait();
        try
        {
            disposed = true;
            sqlite.Dispose();
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
