using DataExchange.Data;
using DataExchange.Data.Coordination;
using DataExchange.Data.Entities;
using DataExchange.Data.Entities.Reconciliation;
using DataExchange.Data.Providers;
using DataExchange.Data.Writing;
using DataExchange.Domain.Agencies;
using DataExchange.Matching.Features;
using DataExchange.Matching.Incremental;
using DataExchange.Matching.Linking;
using DataExchange.Matching.Scoring;
using DataExchange.Reconciliation.Children;
using DataExchange.Reconciliation.Linking;
using Microsoft.EntityFrameworkCore;

namespace DataExchange.Reconciliation;

/// <summary>
/// Links records after the ingestor has committed them, and writes what follows in one transaction: record
/// links, new children, review candidates (with their score breakdown), each touched child's golden record,
/// conflicts and alerts, and change-feed events.
/// <para>
/// The first records of an empty hub are linked as one batch by the batch linker (exactly what <c>dx link</c>
/// does); after that every record is decided on arrival by the in-memory <see cref="ChildIndex"/>, loaded from
/// the database on first use and kept current as records arrive.
/// </para>
/// <para>
/// One writer at a time: the gate serialises this process's units of work, and where several hosts share the database
/// (PostgreSQL) every unit also holds the database's writer lock (<see cref="ILinkCoordination"/>). Under that lock a
/// unit first asks whether another host wrote since this host's last unit (the change feed's newest event moved: every
/// unit that changes a link or a linked record's version writes at least one event, since the agency's holdings digest
/// names each record version); if so the index catches up on those children's records (or, where it cannot, is
/// reloaded) before anything is decided on it.
/// </para>
/// <para>
/// Every unit of linking scores with the prior for the records the hub holds once it is done (<see cref="ScorerFor"/>),
/// as dx link scores a run at its own size: with the model's fixed prior (the size of its training data, 29,253 records)
/// a hub of 2,345 records weighed every pair 3.6 bits below dx link and queued 0.60 review pairs per 100 records against
/// dx link's 1.11 on the same files.
/// </para>
/// </summary>
public sealed class Reconciler(IDbContextFactory<ExchangeDbContext> contexts, TimeProvider clock, MatchModel model, AsOfDate asOf,
    ILinkCoordination coordination, ChangeNotifier? notifier = null)
{
    // The rows a slice writes by the thousand, parents first (see DirectSave).
    private static readonly Type[] BulkRows =
        [typeof(ChildEntity), typeof(ChildHoldingEntity), typeof(RecordLinkEntity), typeof(MatchCandidateEntity), typeof(ConflictEntity), typeof(AlertEntity), typeof(ChangeEventEntity)];

    /// <summary>Failures of a queue entry linked on its own before it is set aside (see <see cref="ChargeFailureAsync"/>).</summary>
    public const int MaxLinkAttempts = 5;

    /// <summary>Queue entries the background linker takes per <see cref="LinkQueuedAsync"/> unless configured otherwise.</summary>
    public const int DefaultLinkSliceSize = 2000;

    private readonly SemaphoreSlim gate = new(1, 1);
    private LinkState? state;
    // The index an empty hub's batch link leaves behind, built on first use (an incremental unit or a catch-up) from what
    // the link held in memory: dx import's one batch never needs it, and building it was about a second at 100,000
    // children. It stands for exactly what that unit committed; dropped with the state whenever the state is.
    private Func<LinkState>? stateAfterBatch;
    private long? seenEvent; // The newest change event when this host last held the writer lock (shared databases).
    private Scorer? lastScorer;

    /// <summary>The scorer for a hub of <paramref name="records"/> active records (kept while the size stays the same).</summary>
    private Scorer ScorerFor(long records)
    {
        // A hub of a handful of records would otherwise take nearly even prior odds and link strangers.
        records = Math.Max(records, MinimumPriorRecords);
        return lastScorer is { } last && last.Records == records ? last : lastScorer = new Scorer(model, records);
    }

    /// <summary>The smallest hub size the prior is set for.</summary>
    public const int MinimumPriorRecords = 1_000;

    /// <summary>
    /// Links the given (changed, new or retracted) records now and updates everything that follows; their entries in
    /// the link queue are consumed. Single-record writes (upsert, retract) use this for read-your-writes.
    /// </summary>
    public Task<ReconcileOutcome> ReconcileAsync(IReadOnlyCollection<long> recordIds, CancellationToken cancellationToken) =>
        recordIds.Count == 0
            ? Task.FromResult(new ReconcileOutcome())
            : RunAsync(async db =>
            {
                var ids = recordIds.Distinct().ToList();
                var entries = await db.PendingLinks.AsNoTracking().Where(entry => EF.Parameter(ids).Contains(entry.SourceRecordId))
                    .Select(entry => entry.Id).ToListAsync(cancellationToken);
                return (ids, entries);
            }, cancellationToken);

    /// <summary>
    /// Links the oldest queued record versions (at most <paramref name="max"/> entries; entries set aside after
    /// <see cref="MaxLinkAttempts"/> failures are skipped): the background linker's unit of work.
    /// <see cref="ReconcileOutcome.Consumed"/> is 0 when nothing was waiting.
    /// </summary>
    public Task<ReconcileOutcome> LinkQueuedAsync(int max, CancellationToken cancellationToken) =>
        RunAsync(async db =>
        {
            var entries = await db.PendingLinks.AsNoTracking().Where(entry => entry.Attempts < MaxLinkAttempts).OrderBy(entry => entry.Id).Take(max)
                .Select(entry => new { entry.Id, entry.SourceRecordId }).ToListAsync(cancellationToken);
            return ([.. entries.Select(entry => entry.SourceRecordId).Distinct()], [.. entries.Select(entry => entry.Id)]);
        }, cancellationToken);

    /// <summary>
    /// Counts a failed attempt against the oldest waiting entry (call it after a one-entry slice failed, so the entry
    /// is the one that failed); at <see cref="MaxLinkAttempts"/> the entry is set aside and the queue moves on.
    /// Returns the record it charged, if any.
    /// </summary>
    public async Task<long?> ChargeFailureAsync(string error, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var entry = await db.PendingLinks.Where(e => e.Attempts < MaxLinkAttempts).OrderBy(e => e.Id).FirstOrDefaultAsync(cancellationToken);
            if (entry is null)
            {
                return null;
            }

            entry.Attempts++;
            entry.LastError = error.Length > PendingLinkEntity.MaxErrorLength ? error[..PendingLinkEntity.MaxErrorLength] : error;
            await db.SaveChangesAsync(cancellationToken);
            return entry.SourceRecordId;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Gives entries set aside after failures another chance (at host start: a new version may have fixed the cause).</summary>
    public async Task<int> RetrySetAsideAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.PendingLinks.Where(entry => entry.Attempts > 0)
            .ExecuteUpdateAsync(set => set.SetProperty(entry => entry.Attempts, 0), cancellationToken);
    }

    /// <summary>
    /// One unit of linking under the writer gate. <paramref name="take"/> names the records to link and the queue entries
    /// that announced them, read before the records themselves: every version those entries announce is then already
    /// committed and read, so deleting exactly them (in the transaction that writes the links) loses nothing.
    /// </summary>
    private async Task<ReconcileOutcome> RunAsync(Func<ExchangeDbContext, Task<(List<long> RecordIds, List<long> EntryIds)>> take, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var strategy = db.Database.CreateExecutionStrategy();
            return await strategy.ExecuteAsync(async () =>
            {
                db.ChangeTracker.Clear();
                // Shared database: the unit's transaction starts here and holds the writer lock from the first read to
                // the commit (a retry of the strategy starts over with a new transaction and takes the lock again).
                await using var shared = coordination.Shared ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
                try
                {
                    if (shared is not null)
                    {
                        await coordination.LockTransactionAsync(db, cancellationToken);
                        await CatchUpAsync(db, cancellationToken);
                    }

                    var (recordIds, entryIds) = await take(db);
                    if (recordIds.Count == 0)
                    {
                        return new ReconcileOutcome();
                    }

                    // The empty hub's one batch link covers every record, whatever the slice; a slice of one (the
                    // worker isolating a failure) is decided on its own so that its failure is its own.
                    var outcome = recordIds.Count == 1 || await db.RecordLinks.AnyAsync(cancellationToken)
                        ? await IncrementalAsync(db, recordIds, entryIds, cancellationToken)
                        : await LinkAllAsync(db, cancellationToken);
                    outcome.Consumed = outcome.Batch ? outcome.Consumed : entryIds.Count;
                    if (shared is not null)
                    {
                        // Still under the lock: whatever is newest now is this host's own writing.
                        seenEvent = await NewestEventAsync(db, cancellationToken);
                        await shared.CommitAsync(cancellationToken);
                    }

                    notifier?.Notify();
                    return outcome;
                }
                catch
                {
                    // The index may be ahead of what was committed: reload it next time.
                    DropState();
                    throw;
                }
            });
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Runs <paramref name="work"/> under the writer gate; the index is reloaded afterwards (steward decisions).</summary>
    public async Task<T> ExclusiveAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            // The work opens transactions of its own: the writer lock is held on a session of its own meanwhile.
            await using var held = await coordination.LockSessionAsync(cancellationToken);
            var result = await work();
            notifier?.Notify();
            return result;
        }
        finally
        {
            DropState();
            gate.Release();
        }
    }

    /// <summary>
    /// When another host wrote since this host's last unit (called under the writer lock), applies what it changed to the
    /// index (<see cref="LinkStateCatchUp"/>), or drops the index to be reloaded where that cannot be done.
    /// </summary>
    private async Task CatchUpAsync(ExchangeDbContext db, CancellationToken cancellationToken)
    {
        var newest = await NewestEventAsync(db, cancellationToken);
        if (newest != seenEvent && CurrentState() is { } current
            && !(seenEvent is { } seen && newest is { } now && await LinkStateCatchUp.TryApplyAsync(db, current, seen, now, cancellationToken)))
        {
            DropState();
        }

        seenEvent = newest;
    }

    /// <summary>The in-memory index if this host holds one (building the batch link's on first use).</summary>
    private LinkState? CurrentState()
    {
        if (state is null && stateAfterBatch is { } build)
        {
            state = build();
        }

        stateAfterBatch = null;
        return state;
    }

    private void DropState()
    {
        state = null;
        stateAfterBatch = null;
    }

    private static Task<long?> NewestEventAsync(ExchangeDbContext db, CancellationToken cancellationToken) =>
        db.ChangeEvents.MaxAsync(change => (long?)change.Sequence, cancellationToken);

    /// <summary>
    /// Children the batch link composes, inserts and finds the findings of at a time: the whole hub's children, their
    /// golden records and findings were held at once before (about 3 GB at 100,000 children, past 20 GiB at a million).
    /// Chunks run in cluster order, each table's rows in the same order as one pass wrote them, so every key is the same.
    /// </summary>
    public const int DefaultBatchChildChunk = 16_384;

    /// <summary>
    /// Whether the batch link drops the foreign keys of the tables it fills and adds them back, checked once over all rows,
    /// before it commits (<see cref="DeferredForeignKeys"/>; PostgreSQL only). Off by default: until the commit the drop
    /// holds an ACCESS EXCLUSIVE lock on those tables and on the ones they reference (source_records, children), so every
    /// other session, readers included, waits for the whole unit: a host serving agencies must never do that. Only
    /// <c>dx import --db</c> sets it (through <see cref="ReconciliationServices.AddReconciliation"/>), for the batch link of
    /// an empty hub it has just loaded, an offline initial load; the setter is internal so a host cannot turn it on.
    /// </summary>
    public bool DeferForeignKeysInBatch { get; internal set; }

    /// <summary>See <see cref="DefaultBatchChildChunk"/>; tests make it small to prove chunking changes no row.</summary>
    internal int BatchChildChunk { get; set; } = DefaultBatchChildChunk;

    private async Task<ReconcileOutcome> LinkAllAsync(ExchangeDbContext db, CancellationToken cancellationToken)
    {
        // Every queue entry visible now announces a version committed before the read below: all consumed by this link.
        // Exactly these, not an id range: on PostgreSQL an entry with a lower id can commit later, unseen by this read.
        var phases = new PhaseTimes();
        var entries = await db.PendingLinks.AsNoTracking().Select(entry => entry.Id).ToListAsync(cancellationToken);
        // Agency by agency, each in arrival order: the order dx link reads a folder in, so ties break the same way.
        // Whole records, read once: the linker needs their raw form, the new children their normalised one.
        var (rows, features) = await BatchRead.ReadAsync(db, cancellationToken);
        phases.Lap("read and features");
        var scorer = ScorerFor(rows.Length);
        var result = new BatchLinker(scorer).Link(features);
        // The engine times its own stages (blocking is part of compare: pairs are scored as the blocks yield them).
        phases.Add("compare", result.CompareTime);
        phases.Add("cluster", result.ClusterTime);
        phases.Restart();
        var now = clock.GetUtcNow().UtcDateTime;
        var today = asOf.Today();

        // What the rest of the unit needs of a record; the record is then held only by its child's member list, which is
        // let go once the child is composed, so the stored records leave memory chunk by chunk.
        var recordIds = new long[rows.Length];
        var versions = new int[rows.Length];
        var regions = new string[rows.Length];
        var members = new List<BatchRecord>?[result.ClusterCount];
        for (var i = 0; i < rows.Length; i++)
        {
            (recordIds[i], versions[i], regions[i]) = (rows[i].Id, rows[i].Version, rows[i].RegionCode);
            (members[result.ClusterOf[i]] ??= []).Add(rows[i]);
        }

        rows = null;
        await using var transaction = await OwnTransactionAsync(db, cancellationToken);
        await using var cache = await SqliteBulkCache.WidenAsync(db.Database.GetDbConnection(), SqliteBulkCache.BulkCacheMebibytes, cancellationToken);
        // Dropped after the reads above (which need no lock beyond a reader's), checked again once before the commit.
        var foreignKeys = DeferForeignKeysInBatch ? await DeferredForeignKeys.DropAsync(db, BulkRows, cancellationToken) : null;
        if (foreignKeys is { Names.Count: > 0 })
        {
            phases.Lap("foreign keys");
        }

        // From here to the commit nothing returns early: the keys are added back below, or an exception rolls the
        // transaction back, drop included (PostgreSQL's DDL is transactional), so no commit ever lacks a key.
        var childIds = new long[members.Length];
        var chunk = BatchChildChunk;
        // Two stages: the next chunk's children are composed (and their findings found) on the other cores while this
        // thread writes the current one, and this thread joins the composing once it has written (ChunkComposition).
        var next = ChunkComposition.Start(members, 0, chunk, today, now, AllCores, cancellationToken);
        try
        {
            for (var first = 0; first < members.Length; first += chunk)
            {
                var composed = await next.FinishAsync();
                phases.Lap("compose (waited for)");
                next = ChunkComposition.Start(members, first + chunk, chunk, today, now, BesideTheWriter, cancellationToken);
                await WriteChildrenAsync(db, composed, first, childIds, phases, cancellationToken);
            }
        }
        finally
        {
            // Never leave a composition running past this unit (its failure, if any, was already thrown above).
            await next.Stopped;
        }

        // The record links in record order (one row per record, a few longs each), then the review candidates.
        for (var first = 0; first < recordIds.Length; first += chunk)
        {
            var links = new RecordLinkEntity[Math.Min(chunk, recordIds.Length - first)];
            for (var j = 0; j < links.Length; j++)
            {
                var i = first + j;
                links[j] = new RecordLinkEntity
                {
                    SourceRecordId = recordIds[i], ChildId = childIds[result.ClusterOf[i]], RecordVersion = versions[i], Method = "batch", LinkedAt = now,
                };
            }

            await BulkInsert.InsertAsync(db, links, readKeys: false, cancellationToken);
        }

        phases.Lap("record links");

        var candidates = result.Review.Select(pair =>
        {
            var (a, b) = recordIds[pair.A] < recordIds[pair.B] ? (pair.A, pair.B) : (pair.B, pair.A);
            var (weight, parts) = Breakdown.Of(scorer, features[a], features[b]);
            return ReviewProposals.NewCandidate(recordIds[a], versions[a], recordIds[b], versions[b], weight, pair.Probability, parts, regions[a], now);
        }).ToList();
        await BulkInsert.InsertAsync(db, candidates, readKeys: false, cancellationToken);
        phases.Lap("review candidates");
        foreach (var consumed in entries.Chunk(10_000))
        {
            await db.PendingLinks.Where(entry => EF.Parameter(consumed).Contains(entry.Id)).ExecuteDeleteAsync(cancellationToken);
        }

        phases.Lap("queue");
        if (foreignKeys is not null && await foreignKeys.RestoreAsync(db, cancellationToken) > 0)
        {
            phases.Lap("foreign keys");
        }

        await (transaction?.CommitAsync(cancellationToken) ?? Task.CompletedTask);
        phases.Lap("commit");

        // Committed: the index stands for exactly these rows (built when first needed, see stateAfterBatch).
        var clusterOf = result.ClusterOf;
        stateAfterBatch = () => new LinkState([.. features], [.. recordIds], [.. versions], clusterOf,
            Enumerable.Range(0, childIds.Length).ToDictionary(cluster => cluster, cluster => childIds[cluster]), scorer);
        return new ReconcileOutcome
        {
            Linked = recordIds.Length, NewChildren = childIds.Length, ReviewCandidates = result.Review.Count, Batch = true, Consumed = entries.Count, Phases = phases,
        };
    }

    // Background workers composing a chunk: the first chunk is composed while nothing else runs (this thread joins in, so
    // one worker fewer than the cores), every later one beside the writing thread, which is the batch link's critical path
    // while it writes (SQLite writes on one connection) and joins the composing once it has written.
    private static readonly int AllCores = Math.Max(0, Environment.ProcessorCount - 1);
    private static readonly int BesideTheWriter = Math.Max(1, Environment.ProcessorCount - 1);

    /// <summary>
    /// Inserts composed children (each once, complete) from cluster <paramref name="first"/> on, then their findings,
    /// holdings and "created" event (<see cref="ChildRefresher.Findings"/>: the rows a child the incremental path creates
    /// gets), given the children's keys, in bulk, in child order.
    /// </summary>
    private static async Task WriteChildrenAsync(ExchangeDbContext db, (ChildEntity[] Children, FreshRows[] Fresh) chunk, int first, long[] childIds,
        PhaseTimes phases, CancellationToken cancellationToken)
    {
        var (children, fresh) = chunk;
        await BulkInsert.InsertAsync(db, children, readKeys: true, cancellationToken);
        phases.Lap("children");
        for (var j = 0; j < children.Length; j++)
        {
            childIds[first + j] = children[j].Id;
            fresh[j].Attach(children[j].Id);
        }

        await BulkInsert.InsertAsync(db, [.. fresh.SelectMany(child => child.Holdings)], readKeys: false, cancellationToken);
        await BulkInsert.InsertAsync(db, [.. fresh.SelectMany(child => child.Conflicts)], readKeys: false, cancellationToken);
        await BulkInsert.InsertAsync(db, [.. fresh.SelectMany(child => child.Alerts)], readKeys: false, cancellationToken);
        await BulkInsert.InsertAsync(db, [.. fresh.Select(child => child.Created)], readKeys: false, cancellationToken);
        phases.Lap("holdings, conflicts, alerts, events");
    }

    private async Task<ReconcileOutcome> IncrementalAsync(ExchangeDbContext db, List<long> recordIds, List<long> entryIds, CancellationToken cancellationToken)
    {
        // The loader's scorer only builds the index; the slice's own (for the hub's size) replaces it below.
        var index = CurrentState() ?? (state = await LinkStateLoader.LoadAsync(db, ScorerFor(0), cancellationToken));
        var ids = recordIds.Order().ToList();
        var links = await db.RecordLinks.Where(link => EF.Parameter(ids).Contains(link.SourceRecordId)).ToDictionaryAsync(link => link.SourceRecordId, cancellationToken);
        // A version already linked (announced twice, or linked by an upsert before the queue got to it) is left as it
        // is: deciding it again could undo a steward's merge or split of that record's child.
        var records = (await db.SourceRecords.AsNoTracking().Where(record => EF.Parameter(ids).Contains(record.Id)).OrderBy(record => record.Id).ToListAsync(cancellationToken))
            .Where(record => record.Retracted ? links.ContainsKey(record.Id) : !(links.TryGetValue(record.Id, out var link) && link.RecordVersion == record.Version))
            .ToList();
        var now = clock.GetUtcNow().UtcDateTime;
        var outcome = new ReconcileOutcome();
        // Scored at the size the hub has once the slice is in, as dx link would score all of it.
        var scorer = ScorerFor(index.SlotOf.Count + records.Count(record => !record.Retracted && !index.SlotOf.ContainsKey(record.Id))
            - records.Count(record => record.Retracted && index.SlotOf.ContainsKey(record.Id)));
        index.Index.Scorer = scorer;

        // Decide every record first (the index learns each one as it goes), then write.
        var placements = new List<(SourceRecordEntity Record, int Cluster, string Method, double Score)>();
        var proposals = new List<Proposal>();
        var touched = new HashSet<long>();
        var kinds = new Dictionary<long, string>();
        foreach (var record in records)
        {
            links.TryGetValue(record.Id, out var link);
            var oldCluster = link is null ? null : index.ClusterOf(link.ChildId);
            var oldSlot = index.SlotOf.GetValueOrDefault(record.Id, -1);
            if (record.Retracted)
            {
                index.Forget(record.Id);
                if (link is not null)
                {
                    db.RecordLinks.Remove(link);
                    touched.Add(link.ChildId);
                }

                continue;
            }

            var features = FeatureExtractor.Extract(StoredRecord.Raw(record));
            var decision = index.Index.Decide(features, oldSlot);
            index.Forget(record.Id);
            // A child left with no live record (all retracted or moved) attracts nobody: its old values linger in the index.
            // A child started earlier in this slice (no row yet) does attract: two agencies' records of one new child
            // often arrive in one slice, and refusing them left the child split in two with a review pair between them.
            int? target = decision.Kind == DecisionKind.Link && index.Members(decision.Child).Count > 0
                ? decision.Child
                : null;
            // A changed record that no longer matches anyone keeps its child when it is that child's only record.
            if (target is null && oldCluster is { } own && index.Members(own).Count == 0)
            {
                target = own;
            }

            var cluster = index.Add(record.Id, record.Version, features, target, decision.Score);
            var slot = index.SlotOf[record.Id];
            placements.Add((record, cluster, target is null ? "new" : "auto", double.IsFinite(decision.Score) ? decision.Score : 0));
            // Every other child within reach may be this one: the pair between them most probably one child goes to review
            // when it reaches the floor (judged as the batch's clustering judges it), whether the record linked or not.
            foreach (var (candidateCluster, _) in decision.Candidates.Where(c => c.Child != cluster))
            {
                if (ReviewProposals.Best(scorer, index, features, slot, candidateCluster) is { } pair)
                {
                    proposals.Add(new Proposal(record, pair));
                }
            }
        }

        await using var transaction = await OwnTransactionAsync(db, cancellationToken);
        var created = new Dictionary<int, ChildEntity>();
        foreach (var (_, cluster, _, _) in placements.Where(p => index.ChildOf(p.Cluster) is null))
        {
            if (!created.ContainsKey(cluster))
            {
                created[cluster] = NewChild(now);
            }
        }

        // New children are composed from their records before they are written: one INSERT, no update after.
        var composed = new List<ComposedChild>(created.Count);
        if (created.Count > 0)
        {
            var recordsOf = placements.Where(p => created.ContainsKey(p.Cluster)).ToLookup(p => p.Cluster, p => p.Record);
            composed.AddRange(created.Select(pair => ChildRefresher.Compose(pair.Value, [.. recordsOf[pair.Key]])));
            db.Children.AddRange(created.Values);
            await DirectSave.SaveChangesAsync(db, BulkRows, cancellationToken);
            foreach (var (cluster, child) in created)
            {
                index.Map(cluster, child.Id);
                kinds[child.Id] = "created";
            }
        }

        foreach (var (record, cluster, method, score) in placements)
        {
            var childId = index.ChildOf(cluster)!.Value;
            touched.Add(childId);
            if (links.TryGetValue(record.Id, out var link))
            {
                if (link.ChildId != childId)
                {
                    touched.Add(link.ChildId);
                    kinds.TryAdd(childId, "linked");
                }

                link.ChildId = childId;
                link.RecordVersion = record.Version;
                link.LinkedAt = now;
            }
            else
            {
                db.RecordLinks.Add(new RecordLinkEntity { SourceRecordId = record.Id, ChildId = childId, RecordVersion = record.Version, Method = method, Score = score, LinkedAt = now });
                kinds.TryAdd(childId, "linked");
            }

            outcome.Linked += method == "auto" ? 1 : 0;
        }

        outcome.NewChildren = created.Count;
        outcome.ReviewCandidates = await ReviewProposals.WriteAsync(db, scorer, index, records, proposals, now, cancellationToken);
        await DirectSave.SaveChangesAsync(db, BulkRows, cancellationToken);
        // All saved: the refresh tracks only what it reads, which keeps its change detection small.
        db.ChangeTracker.Clear();
        await ChildRefresher.RefreshAsync(db, touched, now, asOf.Today(), cancellationToken, kinds, records.ToDictionary(record => record.Id), composed);
        await DirectSave.SaveChangesAsync(db, BulkRows, cancellationToken);
        await db.PendingLinks.Where(entry => EF.Parameter(entryIds).Contains(entry.Id)).ExecuteDeleteAsync(cancellationToken);
        await (transaction?.CommitAsync(cancellationToken) ?? Task.CompletedTask);
        return outcome;
    }

    /// <summary>A transaction of the write's own, unless the unit already holds one (shared databases): then that one commits.</summary>
    private static async Task<Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction?> OwnTransactionAsync(ExchangeDbContext db, CancellationToken cancellationToken) =>
        db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;

    internal static ChildEntity NewChild(DateTime now) => new()
    {
        PublicId = "C" + Guid.CreateVersion7().ToString("N"),
        Version = 0,
        Active = true,
        CreatedAt = now,
        UpdatedAt = now,
    };
}

/// <summary>What one reconciliation did.</summary>
public sealed class ReconcileOutcome
{
    public int Linked { get; set; }
    public int NewChildren { get; set; }
    public int ReviewCandidates { get; set; }
    public bool Batch { get; set; }

    /// <summary>Link-queue entries consumed (0: the queue was empty).</summary>
    public int Consumed { get; set; }

    /// <summary>The batch link's phase times (null for an incremental unit).</summary>
    public PhaseTimes? Phases { get; set; }
}
