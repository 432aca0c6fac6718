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
/// rate of the same rows into another fresh database of the same kind, written by the same bulk writer without gRPC, EF or normalisation (binary COPY on PostgreSQL, sqlite3 statements on SQLite: <see cref="RawInsertCeiling"/>). The gRPC side
/// first writes warm-up batches until the JIT has settled (<see cref="BenchRun.WarmUpAsync"/>), the raw side as many; none is timed. The host's background linker is off: the
/// records are stored and queued for linking, which dx bench reconcile measures.
/// </summary>
public sealed class IngestBench(TextWriter output)
{
    /// <summary>Records per warm-up round (see <see cref="BenchRun.WarmUpAsync"/>).</summary>
    public const int WarmUpRecords = 5000;

    /// <summary>The records of warm-up round <paramref name="round"/>: distinct from the timed ones and from other rounds'.</summary>
    public static List<SourceRecord> WarmUpBatch(int round) =>
        [.. SyntheticRecords.Education(WarmUpRecords, seed: 7 + round).Select(r => r with { SourceId = $"W{round}-{r.SourceId}" })];

    public async Task<(double Grpc, double Raw)> RunAsync(DatabaseProvider provider, string? postgres, int count, CancellationToken cancellationToken)
    {
        var records = SyntheticRecords.Education(count).ToList();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"dx bench ingest: {count:N0} synthetic education records into {provider}; {Environment.ProcessorCount} cores, load average {BenchRun.LoadAverage()}"));

        double grpc;
        int warmUpRounds;
        await using (var database = await ScratchDatabase.CreateAsync(provider, postgres, "grpc", cancellationToken))
        {
            (grpc, warmUpRounds) = await MeasureGrpcAsync(database.Options, records, cancellationToken);
        }

        double raw;
        await using (var database = await ScratchDatabase.CreateAsync(provider, postgres, "raw", cancellationToken))
        {
            raw = await MeasureRawAsync(database, records, warmUpRounds, cancellationToken);
        }

        var method = provider == DatabaseProvider.Sqlite ? "sqlite3 statements" : "binary COPY";
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {"gRPC SubmitRecords -> RecordIngestor",-38}: {grpc,10:N0} records/s"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {"ceiling: " + method + ", same rows",-38}: {raw,10:N0} records/s"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {"ratio",-38}: {grpc / raw,10:P0} of the ceiling"));
        return (grpc, raw);
    }

    private async Task<(double Rate, int WarmUpRounds)> MeasureGrpcAsync(DatabaseOptions options, List<SourceRecord> records, CancellationToken cancellationToken)
    {
        // The record path alone, as the ceiling is: linking (dx bench reconcile) would compete for the same write lock.
        await using var host = await BenchHost.StartAsync(options, cancellationToken, backgroundLinking: false);
        await using var target = ServerTarget.Open(host.Address.ToString(), new DevelopmentAgencyHeader(), TimeSpan.FromMinutes(30));
        var warmUp = await BenchRun.WarmUpAsync(round =>
            target.WriteBatchAsync(Agency.Education, $"bench-warm-up-{round}", BenchRun.Indexed(WarmUpBatch(round)), cancellationToken));
        output.WriteLine($"  gRPC {warmUp}");

        // The agency's side builds its messages before the clock starts, as the ceiling computes its rows beforehand:
        // what is timed is the wire (serialising included) and the hub.
        var messages = await ServerTarget.Messages("bench-" + Guid.NewGuid().ToString("N"), BenchRun.Indexed(records), cancellationToken).ToListAsync(cancellationToken);
        var counters = RuntimeCounters.Now();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var written = await target.SendAsync(Agency.Education, messages.ToAsyncEnumerable(), cancellationToken);
        var elapsed = clock.Elapsed;
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        if (written.Outcome.Accepted != records.Count)
        {
            throw new InvalidOperationException($"The host accepted {written.Outcome.Accepted} of {records.Count} records; first refusal: {written.Outcome.Rejections.FirstOrDefault()}");
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  gRPC: {records.Count:N0} accepted in {elapsed.TotalSeconds:F2} s, {cpu.TotalSeconds:F2} s CPU in this process (client and host); {RuntimeCounters.Now() - counters}"));
        return (records.Count / elapsed.TotalSeconds, warmUp.Rounds);
    }

    /// <param name="warmUpRounds">As many warm-up rounds as the gRPC side ran, so both time their rows into tables of the same size.</param>
    private async Task<double> MeasureRawAsync(ScratchDatabase database, List<SourceRecord> records, int warmUpRounds, CancellationToken cancellationToken)
    {
        var rows = RawInsertCeiling.Prepare(records, "bench-raw");
        await using var db = database.NewContext();
        var model = db.Model;
        await using var connection = database.OpenConnection();
        await connection.OpenAsync(cancellationToken);
        if (database.Options.Provider == DatabaseProvider.Sqlite)
        {
            // The same per-connection settings the host's SqlitePragmas interceptor applies, checkpoints in the background
            // included: the host's writers never checkpoint inline (SqliteCheckpointer does), so neither does the ceiling.
            await using var pragmas = connection.CreateCommand();
            pragmas.CommandText = SqlitePragmas.Text(checkpointInBackground: true);
            await pragmas.ExecuteNonQueryAsync(cancellationToken);
        }

        for (var round = 0; round < warmUpRounds; round++)
        {
            await RawInsertCeiling.WriteAsync(connection, model, RawInsertCeiling.Prepare(WarmUpBatch(round), $"bench-warm-up-{round}"), cancellationToken);
        }

        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await RawInsertCeiling.WriteAsync(connection, model, rows, cancellationToken);
        var elapsed = clock.Elapsed;
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ceiling: {rows.Count:N0} inserted in {elapsed.TotalSeconds:F2} s, {cpu.TotalSeconds:F2} s CPU in this process"));
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

        public ExchangeDbContext NewContext()
        {
            var builder = new DbContextOptionsBuilder<ExchangeDbContext>();
            DatabaseSetup.Configure(builder, Options);
            return new ExchangeDbContext(builder.Options);
        }
    }
}
