using System.Data.Common;
using DataExchange.Data.Entities;
using DataExchange.Domain.Agencies;
using DataExchange.Domain.Records;
using Microsoft.EntityFrameworkCore;

namespace DataExchange.Data.Records;

/// <summary>
/// Writes agency records: the one path every channel takes (gRPC batch, upsert, CSV import).
/// A record is stored as a new version only when its content hash changes, so resending is harmless.
/// </summary>
public sealed class RecordIngestor(IDbContextFactory<ExchangeDbContext> contexts, TimeProvider clock, Signals.PendingLinkSignal pendingLinks)
{
    /// <summary>How many records one transaction writes; SQL Server allows about 2,100 parameters per query.</summary>
    public const int ChunkSize = 1000;

    /// <summary>Normalises and stores one chunk of a batch in one transaction; bad records are rejected one by one.</summary>
    public Task<IngestOutcome> WriteChunkAsync(Agency agency, IReadOnlyList<IndexedRecord> chunk, string batchKey, CancellationToken cancellationToken) =>
        WritePreparedAsync(agency, Prepare(agency, chunk, cancellationToken), batchKey, cancellationToken);

    /// <summary>
    /// The part of a chunk that needs no database: normalising, hashing and serialising, on every core.
    /// A streaming caller prepares the next chunk while the previous one is being written.
    /// </summary>
    public static PreparedChunk Prepare(Agency agency, IReadOnlyList<IndexedRecord> chunk, CancellationToken cancellationToken)
    {
        var results = new (PreparedRecord? Prepared, IReadOnlyList<FieldError>? Errors)[chunk.Count];
        Parallel.For(0, chunk.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            var intake = RecordIntake.Normalize(chunk[i].Record with { Agency = agency });
            results[i] = intake.Record is { } record ? (PreparedRecord.From(record), null) : (null, intake.Errors);
        });

        // Taken in order, so rejections keep the batch order.
        var prepared = new PreparedChunk();
        for (var i = 0; i < chunk.Count; i++)
        {
            if (results[i].Prepared is { } record)
            {
                prepared.Accepted.Add(record);
            }
            else
            {
                prepared.Rejections.Add(Rejection.From(chunk[i].Index, chunk[i].Record, results[i].Errors!));
            }
        }

        return prepared;
    }

    /// <summary>Stores a prepared chunk in one transaction.</summary>
    public async Task<IngestOutcome> WritePreparedAsync(Agency agency, PreparedChunk chunk, string batchKey, CancellationToken cancellationToken)
    {
        var outcome = new IngestOutcome();
        chunk.Rejections.ForEach(outcome.Reject);
        var accepted = chunk.Accepted;
        if (accepted.Count == 0)
        {
            return outcome;
        }

        // A concurrent writer may create or bump the same record between our read and our write;
        // the unique key and the version token make that fail, and a retry sees its result.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var (added, unchanged, changed) = await WriteAsync(agency, accepted, batchKey, cancellationToken);
                outcome.Accepted += added;
                outcome.Unchanged += unchanged;
                outcome.ChangedRecordIds.AddRange(changed);
                if (changed.Count > 0)
                {
                    pendingLinks.Notify(); // Committed versions are queued for the linker.
                }

                return outcome;
            }
            catch (Exception exception) when (exception is DbUpdateException or DbException && attempt < 3)
            {
                // Retry with fresh state (DbException: the unique index refused a fast-path insert).
            }
        }
    }

    private async Task<(int Added, int Unchanged, List<long> Changed)> WriteAsync(
        Agency agency, List<PreparedRecord> accepted, string batchKey, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // A retrying execution strategy (PostgreSQL, SQL Server) runs the whole unit, transaction included, per attempt.
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(
            (agency, accepted, batchKey), (state, cancellationToken) => WriteOnceAsync(db, state.agency, state.accepted, state.batchKey, null, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Stores a prepared chunk inside the open transaction of <paramref name="db"/> (a <see cref="RecordLoad"/>'s), with no
    /// retry: that transaction holds SQLite's write lock, so no other writer can race it, and a failure fails the load.
    /// </summary>
    internal async Task<IngestOutcome> WriteInTransactionAsync(ExchangeDbContext db, Agency agency, PreparedChunk chunk, string batchKey,
        LoadKeys? keys, CancellationToken cancellationToken)
    {
        var outcome = new IngestOutcome();
        chunk.Rejections.ForEach(outcome.Reject);
        if (chunk.Accepted.Count > 0)
        {
            var (added, unchanged, changed) = await WriteOnceAsync(db, agency, chunk.Accepted, batchKey, keys, cancellationToken);
            outcome.Accepted += added;
            outcome.Unchanged += unchanged;
            outcome.ChangedRecordIds.AddRange(changed);
        }

        return outcome;
    }

    /// <summary>Tells the linker that committed versions wait in its queue.</summary>
    internal void NotifyCommitted() => pendingLinks.Notify();

    private async Task<(int Added, int Unchanged, List<long> Changed)> WriteOnceAsync(
        ExchangeDbContext db, Agency agency, List<PreparedRecord> accepted, string batchKey, LoadKeys? keys, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var code = agency.ToCode();
        // One JSON-array parameter (json_each, = ANY, OPENJSON) keeps the SQL text constant, so it is prepared once.
        // A load's keys leave out the records it knows are not stored (LoadKeys says how that stays true).
        var sourceIds = accepted.Select(entry => entry.Record.Raw.SourceId)
            .Where(sourceId => keys is null || keys.MayBeStored(code, sourceId)).Distinct().ToList();
        var existing = sourceIds.Count == 0
            ? new Dictionary<string, SourceRecordEntity>(StringComparer.Ordinal)
            : await db.SourceRecords
                .Where(record => record.Agency == code && EF.Parameter(sourceIds).Contains(record.SourceId))
                .ToDictionaryAsync(record => record.SourceId, StringComparer.Ordinal, cancellationToken);

        // New records skip the change tracker where the provider allows (see NewRecordInserts); updates stay with EF.
        var fastInserts = NewRecordInserts.Supports(db);
        var inserted = new List<SourceRecordEntity>();
        var created = keys is null ? null : new List<SourceRecordEntity>();
        var changed = new List<SourceRecordEntity>();
        var now = clock.GetUtcNow().UtcDateTime;
        int added = 0, unchanged = 0;
        foreach (var prepared in accepted)
        {
            var record = prepared.Record;
            if (existing.TryGetValue(record.Raw.SourceId, out var stored))
            {
                if (!stored.Retracted && stored.ContentHash.AsSpan().SequenceEqual(prepared.Hash))
                {
                    unchanged++;
                    continue;
                }

                RecordMapping.Apply(stored, prepared, now);
                stored.Version++;
                stored.Retracted = false;
            }
            else
            {
                stored = RecordMapping.NewEntity(code, prepared, now);
                existing[record.Raw.SourceId] = stored;
                created?.Add(stored);
                if (fastInserts)
                {
                    inserted.Add(stored);
                }
                else
                {
                    db.SourceRecords.Add(stored);
                }
            }

            RecordMapping.AddVersion(stored, batchKey, now);
            changed.Add(stored);
            added++;
        }

        if (added > 0)
        {
            // A chunk of a RecordLoad runs inside the load's transaction; any other is its own.
            var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
            await using (own)
            {
                await NewRecordInserts.InsertAsync(db, inserted, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                await (own?.CommitAsync(cancellationToken) ?? Task.CompletedTask);
            }

            keys?.Add(created!); // Written (and, in a transaction of its own, committed): their ids are set.
        }

        return (added, unchanged, [.. changed.Select(record => record.Id)]);
    }
}

/// <summary>A chunk after <see cref="RecordIngestor.Prepare"/>: the records ready to store, and those refused.</summary>
public sealed class PreparedChunk
{
    internal List<PreparedRecord> Accepted { get; } = [];
    internal List<Rejection> Rejections { get; } = [];
}
