using DataExchange.Data;
using DataExchange.Data.Providers;
using DataExchange.Data.Records;
using DataExchange.Data.Writing;
using DataExchange.Domain.Agencies;
using DataExchange.Reconciliation;
using DataExchange.Reconciliation.Children;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DataExchange.Cli.Import;

/// <summary>
/// dx import --db: the host's own write path in-process (RecordIngestor, chunks of <see cref="RecordIngestor.ChunkSize"/>
/// records through one <see cref="RecordLoad"/>), after migrating the database.
/// Every record it changes is then linked by the host's Reconciler, once after the last file: an empty hub is
/// linked as one batch (exactly as dx link would), a populated one record by record.
/// An empty hub is an initial load: the secondary indexes of its empty tables (and on PostgreSQL the foreign keys of the
/// record versions and link queue) are left out while it is stored and linked, and built once at the end
/// (<see cref="DeferredIndexes"/>; a load killed before that has them built by the next start).
/// </summary>
/// <remarks>
/// The batch ledger's replay is deliberately not used here: replay answers a resent batch with its first
/// counts, but a person importing a file again wants to see what it would change now. Every record is
/// compared by content hash instead, so a second import reports all records unchanged; the ledger only
/// supplies a note that this very file (same content hash) was imported before.
/// </remarks>
public sealed class DatabaseTarget : IRecordTarget
{
    private readonly ServiceProvider _services;
    private readonly RecordIngestor _ingestor;
    private readonly BatchLedger _ledger;
    private readonly Reconciler _reconciler;
    private readonly IDbContextFactory<ExchangeDbContext> _contexts;
    private readonly List<long> _changed = [];
    private RecordLoad? _load;
    private DeferredIndexes? _deferred; // Set for an initial load until its indexes are built again.

    // Time spent storing (every batch) and linking (at the end), for the summary: the two halves of an import's time.
    private readonly System.Diagnostics.Stopwatch _storing = new();

    private DatabaseTarget(ServiceProvider services, DeferredIndexes? deferred)
    {
        _services = services;
        _ingestor = services.GetRequiredService<RecordIngestor>();
        _ledger = services.GetRequiredService<BatchLedger>();
        _reconciler = services.GetRequiredService<Reconciler>();
        _contexts = services.GetRequiredService<IDbContextFactory<ExchangeDbContext>>();
        _deferred = deferred;
    }

    /// <param name="asOf">The day the discovery rules judge alerts against; null for today.</param>
    public static async Task<DatabaseTarget> OpenAsync(DatabaseOptions options, CancellationToken cancellationToken, DateOnly? asOf = null)
    {
        var services = new ServiceCollection()
            .AddSingleton(TimeProvider.System)
            .AddExchangeDatabase(options)
            .AddSingleton<RecordIngestor>()
            .AddSingleton<BatchLedger>()
            // An import links once, after its last file: on PostgreSQL the batch link of an initial load (an empty hub, run
            // offline: no host serving the database) checks the foreign keys of the tables it fills once, before its
            // commit, holding those tables and source_records/children under an exclusive lock meanwhile
            // (DeferredForeignKeys). The hosts never set this: their Reconciler checks keys row by row.
            .AddReconciliation(asOf, deferForeignKeysInBatch: true)
            .BuildServiceProvider();
        try
        {
            await using var db = await services.GetRequiredService<IDbContextFactory<ExchangeDbContext>>().CreateDbContextAsync(cancellationToken);
            await DatabaseSetup.MigrateAsync(db, options, cancellationToken);
            await ChildHoldingsBackfill.RunAsync(services.GetRequiredService<IDbContextFactory<ExchangeDbContext>>(), cancellationToken);
            var deferred = await db.SourceRecords.AnyAsync(cancellationToken) ? null : await DeferredIndexes.DropAsync(db, cancellationToken);
            return new DatabaseTarget(services, deferred);
        }
        catch
        {
            await services.DisposeAsync();
            throw;
        }
    }

    public async Task<TargetOutcome> WriteBatchAsync(Agency agency, string batchKey, IAsyncEnumerable<IndexedRecord> records, CancellationToken cancellationToken)
    {
        _storing.Start();
        try
        {
            return await WriteAsync(agency, batchKey, records, cancellationToken);
        }
        finally
        {
            _storing.Stop();
        }
    }

    private async Task<TargetOutcome> WriteAsync(Agency agency, string batchKey, IAsyncEnumerable<IndexedRecord> records, CancellationToken cancellationToken)
    {
        var seenBefore = await _ledger.FindAsync(agency, batchKey, cancellationToken) is not null;
        var total = new IngestOutcome();
        var chunk = new List<IndexedRecord>(RecordIngestor.ChunkSize);
        // Two stages, as a gRPC stream has: chunk N is stored on another thread while this one reads and prepares
        // (normalises, hashes) chunk N+1. Chunks are stored one at a time and in order, so a record sent twice in a
        // file ends as the later of the two.
        Task<IngestOutcome>? storing = null;
        async Task StoreAsync(List<IndexedRecord> records)
        {
            var prepared = RecordIngestor.Prepare(agency, records, cancellationToken);
            if (storing is not null)
            {
                total.Add(await storing);
            }

            _load ??= await RecordLoad.OpenAsync(_ingestor, _contexts, cancellationToken);
            storing = Task.Run(() => _load.WriteAsync(agency, prepared, batchKey, cancellationToken), cancellationToken);
        }

        try
        {
            await foreach (var record in records.WithCancellation(cancellationToken))
            {
                chunk.Add(record);
                if (chunk.Count == RecordIngestor.ChunkSize)
                {
                    await StoreAsync(chunk);
                    chunk = new List<IndexedRecord>(RecordIngestor.ChunkSize);
                }
            }

            if (chunk.Count > 0)
            {
                await StoreAsync(chunk);
            }
        }
        finally
        {
            // A failure of reading stops nothing already started: the chunk being stored is finished (or fails) first.
            if (storing is not null)
            {
                total.Add(await storing);
            }
        }

        // Committed before the ledger writes (on SQLite the load's open transaction holds the write lock).
        await (_load?.CommitAsync(cancellationToken) ?? Task.CompletedTask);
        _changed.AddRange(total.ChangedRecordIds);
        if (seenBefore)
        {
            return new TargetOutcome(total, "this file was imported before (same content); records compared again one by one");
        }

        await _ledger.CompleteAsync(agency, batchKey, total, cancellationToken);
        return new TargetOutcome(total);
    }

    public string? StoredNote() => $"{StoredTime}; {(_changed.Count == 0 ? "nothing to link" : $"linking {_changed.Count} records")}";

    // The storing half of the import's time, said once storing ends and again in the summary after linking.
    private string StoredTime => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"stored in {_storing.Elapsed.TotalSeconds:F1} s (reading the files included)");

    public async Task<string?> FinishAsync(CancellationToken cancellationToken)
    {
        await CloseLoadAsync(); // Its connection and page cache are not needed while linking.
        var linking = System.Diagnostics.Stopwatch.StartNew();
        var outcome = await _reconciler.ReconcileAsync(_changed, cancellationToken);
        linking.Stop();
        var indexing = System.Diagnostics.Stopwatch.StartNew();
        var (indexes, keys) = await RestoreIndexesAsync(cancellationToken);
        var built = keys > 0 ? $"{indexes} deferred indexes and {keys} foreign keys" : $"{indexes} deferred indexes";
        var times = string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{StoredTime}, linked in {linking.Elapsed.TotalSeconds:F1} s{(outcome.Phases is { } phases ? $" ({phases})" : "")}{(indexes + keys > 0 ? $", {built} built in {indexing.Elapsed.TotalSeconds:F1} s" : "")}");
        return _changed.Count == 0
            ? $"linking: nothing changed; {times}"
            : $"linking{(outcome.Batch ? " (one batch)" : "")}: {_changed.Count} records, {outcome.NewChildren} new children, {outcome.ReviewCandidates} review candidates; {times}";
    }

    private async Task CloseLoadAsync()
    {
        if (_load is not null)
        {
            await _load.DisposeAsync();
            _load = null;
        }
    }

    private async Task<(int Indexes, int ForeignKeys)> RestoreIndexesAsync(CancellationToken cancellationToken)
    {
        if (_deferred is null)
        {
            return (0, 0);
        }

        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var built = await _deferred.RestoreAsync(db, cancellationToken);
        _deferred = null;
        return built;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await CloseLoadAsync();
            // A load that failed or was cancelled before FinishAsync builds its indexes now; had the process been killed
            // instead, the next start would (DatabaseSetup.MigrateAsync). Either way the hub ends with all of them.
            await RestoreIndexesAsync(CancellationToken.None);
        }
        finally
        {
            await _services.DisposeAsync();
        }
    }
}
