using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using DataExchange.Cli.Import;
using DataExchange.Data;
using DataExchange.Data.Providers;
using DataExchange.Data.Records;
using DataExchange.Domain.Agencies;
using DataExchange.Domain.Records;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DataExchange.Cli.Bench;

/// <summary>
/// dx bench ingest: records/s streaming N records over gRPC into a fresh database, beside the raw insert
/// rate of the same rows into another fresh database of the same kind. Each side first writes a small
/// warm-up batch (JIT, EF model, prepared statements) that is not timed. The host's background linker is off: the
/// records are stored and queued for linking, which dx bench reconcile measures.
/// </summary>
public sealed class IngestBench(TextWriter output)
{
    public const int WarmUpRecords = 1000;

    public async Task<(double Grpc, double Raw)> RunAsync(DatabaseProvider provider, string? postgres, int count, CancellationToken cancellationToken)
    {
        var records = SyntheticRecords.Education(count).ToList();
        var warmUp = SyntheticRecords.Education(WarmUpRecords, seed: 7).Select(r => r with { SourceId = "W" + r.SourceId }).ToList();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"dx bench ingest: {count:N0} synthetic education records into {provider}; {Environment.ProcessorCount} cores, load average {BenchRun.LoadAverage()}"));

        double grpc, raw;
        await using (var database = await ScratchDatabase.CreateAsync(provider, postgres, "grpc", cancellationToken))
        {
            grpc = await MeasureGrpcAsync(database.Options, records, warmUp, cancellationToken);
        }

        await using (var database = await ScratchDatabase.CreateAsync(provider, postgres, "raw", cancellationToken))
        {
            raw = await MeasureRawAsync(database, records, warmUp, cancellationToken);
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  gRPC SubmitRecords -> RecordIngestor : {grpc,10:N0} records/s\n  raw ADO.NET prepared INSERTs (ceiling): {raw,10:N0} records/s\n  ratio                                 : {grpc / raw,10:P0} of the ceiling"));
        return (grpc, raw);
    }

    private async Task<double> MeasureGrpcAsync(DatabaseOptions options, List<SourceRecord> records, List<SourceRecord> warmUp, CancellationToken cancellationToken)
    {
        // The record path alone, as the ceiling is: linking (dx bench reconcile) would compete for the same write lock.
        await using var host = await BenchHost.StartAsync(options, cancellationToken, backgroundLinking: false);
        await using var target = ServerTarget.Open(host.Address.ToString(), new DevelopmentAgencyHeader(), TimeSpan.FromMinutes(30));
        await target.WriteBatchAsync(Agency.Education, "bench-warm-up", BenchRun.Indexed(warmUp), cancellationToken);

        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var written = await target.WriteBatchAsync(Agency.Education, "bench-" + Guid.NewGuid().ToString("N"), BenchRun.Indexed(records), cancellationToken);
        var elapsed = clock.Elapsed;
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        if (written.Outcome.Accepted != records.Count)
        {
            throw new InvalidOperationException($"The host accepted {written.Outcome.Accepted} of {records.Count} records; first refusal: {written.Outcome.Rejections.FirstOrDefault()}");
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  gRPC: {records.Count:N0} accepted in {elapsed.TotalSeconds:F2} s, {cpu.TotalSeconds:F2} s CPU in this process (client and host)"));
        return records.Count / elapsed.TotalSeconds;
    }

    private async Task<double> MeasureRawAsync(ScratchDatabase database, List<SourceRecord> records, List<SourceRecord> warmUp, CancellationToken cancellationToken)
    {
        var rows = RawInsertCeiling.Prepare(records);
        var warmRows = RawInsertCeiling.Prepare(warmUp);
        await using var connection = database.OpenConnection();
        await connection.OpenAsync(cancellationToken);
        if (database.Options.Provider == DatabaseProvider.Sqlite)
        {
            // The same per-connection settings the host's SqlitePragmas interceptor applies.
            await using var pragmas = connection.CreateCommand();
            pragmas.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;";
            await pragmas.ExecuteNonQueryAsync(cancellationToken);
        }

        await RawInsertCeiling.WriteAsync(connection, warmRows, "bench-warm-up", cancellationToken);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await RawInsertCeiling.WriteAsync(connection, rows, "bench-raw", cancellationToken);
        var elapsed = clock.Elapsed;
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  raw:  {rows.Count:N0} inserted in {elapsed.TotalSeconds:F2} s, {cpu.TotalSeconds:F2} s CPU in this process"));
        return rows.Count / elapsed.TotalSeconds;
    }

    /// <summary>A fresh, migrated database that is removed afterwards: a temporary SQLite file, or a new PostgreSQL database.</summary>
    internal sealed class ScratchDatabase(DatabaseOptions options, string? folder) : IAsyncDisposable
    {
        public DatabaseOptions Options { get; } = options;

        public static async Task<ScratchDatabase> CreateAsync(DatabaseProvider provider, string? postgres, string purpose, CancellationToken cancellationToken)
        {
            var name = $"dx_bench_{purpose}_{Guid.NewGuid():N}"[..32];
            ScratchDatabase database;
            if (provider == DatabaseProvider.Sqlite)
            {
                var folder = Directory.CreateTempSubdirectory("dx-bench-").FullName;
                database = new ScratchDatabase(new DatabaseOptions { Provider = provider, ConnectionString = $"Data Source={Path.Combine(folder, name + ".db")}" }, folder);
            }
            else
            {
                var connection = new NpgsqlConnectionStringBuilder(postgres) { Database = name };
                database = new ScratchDatabase(new DatabaseOptions { Provider = provider, ConnectionString = connection.ConnectionString }, null);
            }

            await using var db = database.NewContext();
            await DatabaseSetup.MigrateAsync(db, database.Options, cancellationToken);
            return database;
        }

        public DbConnection OpenConnection() => Options.Provider == DatabaseProvider.Sqlite
            ? new SqliteConnection(Options.ConnectionString)
            : new NpgsqlConnection(Options.ConnectionString);

        public async ValueTask DisposeAsync()
        {
            if (folder is not null)
            {
                SqliteConnection.ClearAllPools();
                Directory.Delete(folder, recursive: true);
                return;
            }

            NpgsqlConnection.ClearAllPools();
            await using var db = NewContext();
            await db.Database.EnsureDeletedAsync();
        }

        private ExchangeDbContext NewContext()
        {
            var builder = new DbContextOptionsBuilder<ExchangeDbContext>();
            DatabaseSetup.Configure(builder, Options);
            return new ExchangeDbContext(builder.Options);
        }
    }
}
