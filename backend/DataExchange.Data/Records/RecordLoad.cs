using System.Diagnostics;
using DataExchange.Data.Providers;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using DataExchange.Domain.Agencies;

namespace DataExchange.Data.Records;

/// <summary>
/// A bulk load's chunks written one after another through the <see cref="RecordIngestor"/> (dx import --db).
/// <para>
/// On SQLite the chunks share one transaction on one connection with a wide page cache (<see cref="SqliteBulkCache"/>),
/// committed every <see cref="CommitRecords"/> records or <see cref="CommitInterval"/>, whichever comes first, and by
/// <see cref="CommitAsync"/>. Why: a WAL commit appends every page the transaction dirtied, and the unique
/// (agency, source_id) index is keyed in no particular order, so a commit per 1,000-record chunk wrote a few megabytes of
/// that index's pages each time, about as many as the chunk's own rows, and a checkpoint copied them again. Many chunks per
/// commit write each such page once per commit instead of once per chunk. The time bound keeps SQLite's write lock from
/// being held past a waiting writer's busy timeout (10 s): another process writing to the same file still gets its turn.
/// Holding the write lock is also what makes a shared transaction safe without the per-chunk retry: no other writer can
/// create or bump a record between a chunk's read and its write.
/// </para>
/// <para>
/// Elsewhere (PostgreSQL: its WAL logs rows, not pages, per commit; SQL Server) every chunk is its own transaction through
/// <see cref="RecordIngestor.WritePreparedAsync"/>, with its retry, exactly as a gRPC batch is stored.
/// </para>
/// <para>
/// A SQLite load that finds the store empty keeps the keys it stores (<see cref="LoadKeys"/>), so that its chunks look up
/// only keys it may have stored itself, for as long as no other writer has stored a record.
/// </para>
/// What a caller may rely on either way: a chunk's outcome counts once its load has committed it; a failure loses the
/// uncommitted chunks (a rerun stores them, resending being harmless) and fails the load.
/// </summary>
public sealed class RecordLoad : IAsyncDisposable
{
    /// <summary>Records after which a SQLite load commits.</summary>
    public const int CommitRecords = 250_000;

    /// <summary>Time after which a SQLite load commits (at the end of the chunk being written).</summary>
    public static readonly TimeSpan CommitInterval = TimeSpan.FromSeconds(4);

    private readonly RecordIngestor ingestor;
    private readonly ExchangeDbContext? db; // SQLite only: the load's own context and connection.
    private readonly LoadKeys? keys; // SQLite only; null when the store held records at the start.
    private IAsyncDisposable? cache;
    private IDbContextTransaction? transaction;
    private readonly Stopwatch open = new();
    private int uncommitted;
    private bool changed; // Whether the open transaction created or changed a record (the linker is told after the commit).

    private RecordLoad(RecordIngestor ingestor, ExchangeDbContext? db, LoadKeys? keys)
    {
        this.ingestor = ingestor;
        this.db = db;
        this.keys = keys;
    }

    public static async Task<RecordLoad> OpenAsync(RecordIngestor ingestor, IDbContextFactory<ExchangeDbContext> contexts, CancellationToken cancellationToken)
    {
        var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (db.Database.GetDbConnection() is not SqliteConnection)
        {
            await db.DisposeAsync();
            return new RecordLoad(ingestor, null, null);
        }

        // Checked again, under the write lock, by each of the load's transactions.
        var load = new RecordLoad(ingestor, db, await HighestIdAsync(db, cancellationToken) == 0 ? new LoadKeys() : null);
        try
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            load.cache = await SqliteBulkCache.WidenAsync(db.Database.GetDbConnection(), SqliteBulkCache.BulkCacheMebibytes, cancellationToken);
            return load;
        }
        catch
        {
            await load.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stores one prepared chunk (after the previous one: a load's chunks are written in order, one at a time).</summary>
    public async Task<IngestOutcome> WriteAsync(Agency agency, PreparedChunk chunk, string batchKey, CancellationToken cancellationToken)
    {
        if (db is null)
        {
            return await ingestor.WritePreparedAsync(agency, chunk, batchKey, cancellationToken);
        }

        if (transaction is null)
        {
            // BEGIN IMMEDIATE: the write lock from the first read of the chunk on.
            transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            open.Restart();
            // Under that lock: had another writer stored a record since the last commit, the highest id would be its.
            if (keys is { Trusted: true } && await HighestIdAsync(db, cancellationToken) != keys.LastId)
            {
                keys.Abandon();
            }
        }

        var outcome = await ingestor.WriteInTransactionAsync(db, agency, chunk, batchKey, keys, cancellationToken);
        uncommitted += chunk.Accepted.Count;
        changed |= outcome.ChangedRecordIds.Count > 0;
        if (uncommitted >= CommitRecords || open.Elapsed >= CommitInterval)
        {
            await CommitAsync(cancellationToken);
        }

        return outcome;
    }

    /// <summary>Commits what the load has written so far (call it before anything else writes, such as the batch ledger).</summary>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        if (transaction is null)
        {
            return;
        }

        await transaction.CommitAsync(cancellationToken);
        await transaction.DisposeAsync();
        transaction = null;
        uncommitted = 0;
        if (changed)
        {
            ingestor.NotifyCommitted();
            changed = false;
        }
    }

    // The highest record id stored (0 when none): one step down the primary key.
    private static async Task<long> HighestIdAsync(ExchangeDbContext db, CancellationToken cancellationToken) =>
        await db.SourceRecords.MaxAsync(record => (long?)record.Id, cancellationToken) ?? 0;

    /// <summary>Rolls back whatever is not committed (a failed or cancelled load) and gives the connection back.</summary>
    public async ValueTask DisposeAsync()
    {
        if (db is null)
        {
            return;
        }

        try
        {
            if (transaction is not null)
            {
                await transaction.DisposeAsync();
            }

            if (cache is not null)
            {
                await cache.DisposeAsync();
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
            await db.DisposeAsync();
        }
    }
}
