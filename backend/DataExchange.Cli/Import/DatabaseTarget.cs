using DataExchange.Data;
using DataExchange.Data.Providers;
using DataExchange.Data.Records;
using DataExchange.Domain.Agencies;
using DataExchange.Reconciliation;
using DataExchange.Reconciliation.Children;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DataExchange.Cli.Import;

/// <summary>
/// dx import --db: the host's own write path in-process (RecordIngestor, one transaction per
/// <see cref="RecordIngestor.ChunkSize"/> records), after migrating the database.
/// Every record it changes is then linked by the host's Reconciler, once after the last file: an empty hub is
/// linked as one batch (exactly as dx link would), a populated one record by record.
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
    private readonly List<long> _changed = [];

    // Time spent storing (every batch) and linking (at the end), for the summary: the two halves of an import's time.
    private readonly System.Diagnostics.Stopwatch _storing = new();

    private DatabaseTarget(ServiceProvider services)
    {
        _services = services;
        _ingestor = services.GetRequiredService<RecordIngestor>();
        _ledger = services.GetRequiredService<BatchLedger>();
        _reconciler = services.GetRequiredService<Reconciler>();
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
            return new DatabaseTarget(services);
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

            storing = Task.Run(() => _ingestor.WritePreparedAsync(agency, prepared, batchKey, cancellationToken), cancellationToken);
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

        _changed.AddRange(total.ChangedRecordIds);
        if (seenBefore)
        {
            return new TargetOutcome(total, "this file was imported before (same content); records compared again one by one");
        }

        await _ledger.CompleteAsync(agency, batchKey, total, cancellationToken);
        return new TargetOutcome(total);
    }

    public async Task<string?> FinishAsync(CancellationToken cancellationToken)
    {
        var linking = System.Diagnostics.Stopwatch.StartNew();
        var outcome = await _reconciler.ReconcileAsync(_changed, cancellationToken);
        var times = string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"stored in {_storing.Elapsed.TotalSeconds:F1} s (reading the files included), linked in {linking.Elapsed.TotalSeconds:F1} s{(outcome.Phases is { } phases ? $" ({phases})" : "")}");
        return _changed.Count == 0
            ? $"linking: nothing changed; {times}"
            : $"linking{(outcome.Batch ? " (one batch)" : "")}: {_changed.Count} records, {outcome.NewChildren} new children, {outcome.ReviewCandidates} review candidates; {times}";
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
