using System.Diagnostics;
using System.Globalization;
using DataExchange.Cli.Import;
using DataExchange.Contracts.V1;
using DataExchange.Data.Access;
using DataExchange.Data.Entities;
using DataExchange.Data.Providers;
using DataExchange.Data.Records;
using DataExchange.Domain.Access;
using DataExchange.Domain.Agencies;
using DataExchange.Domain.Records;
using Grpc.Core.Interceptors;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Contract = DataExchange.Contracts.V1;
using Agency = DataExchange.Domain.Agencies.Agency;

namespace DataExchange.Cli.Bench;

/// <summary>
/// dx bench reconcile: (1) sustained ingestion with incremental linking: N records streamed over gRPC into a real
/// host on a fresh SQLite file and linked by its background linker, timed until the link queue is empty (the first,
/// untimed warm-up batch is the empty hub's batch link); (2) GetChild p99 over loopback gRPC with the database grown
/// to M children (the ingested ones plus filler children copied in SQL), read by civil affairs for a purpose a live
/// grant on education's records covers, beside the same host's health-check p99 as the floor. With --database the
/// grown file is kept and reused, so GetChild can be timed again without regrowing.
/// </summary>
public sealed class ReconcileBench(TextWriter output)
{
    /// <param name="keptDatabase">
    /// A SQLite file to keep between runs: created, ingested into and grown on the first run; a later run that finds
    /// children in it skips ingestion and only grows it to <paramref name="children"/>, so GetChild can be timed again
    /// without the long growth. Null: a scratch file, removed afterwards.
    /// </param>
    public async Task RunAsync(int records, int children, int calls, string? keptDatabase, CancellationToken cancellationToken)
    {
        await using var scratch = keptDatabase is null
            ? await IngestBench.ScratchDatabase.CreateAsync(DatabaseProvider.Sqlite, null, "reconcile", cancellationToken)
            : null;
        var options = scratch?.Options ?? new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.GetFullPath(keptDatabase!)}" };
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"dx bench reconcile: {records:N0} records with linking, GetChild at {children:N0} children, {calls:N0} calls; {Environment.ProcessorCount} cores, load average {BenchRun.LoadAverage()}"));
        if (keptDatabase is not null && File.Exists(keptDatabase) && await ScalarAsync(options.ConnectionString, "SELECT COUNT(*) FROM children", cancellationToken) > 0)
        {
            output.WriteLine($"  reusing {keptDatabase}: ingestion skipped");
        }
        else
        {
            await IngestAsync(options, records, cancellationToken);
            await MeasureLinkerAloneAsync(options, records, cancellationToken);
        }

        var total = await GrowAsync(options.ConnectionString, children, cancellationToken);
        await using (var host = await BenchHost.StartAsync(options, cancellationToken))
        {
            await GrantReadsAsync(host.Services.GetRequiredService<GrantStore>(), cancellationToken);
            using var channel = GrpcChannel.ForAddress(host.Address);
            var invoker = channel.Intercept(metadata =>
            {
                metadata.Add(DevelopmentAgencyHeader.Header, "civil_affairs");
                return metadata;
            });
            var directory = new ChildDirectory.ChildDirectoryClient(invoker);
            var health = new Health.HealthClient(channel);
            var ids = await SampleChildIdsAsync(options.ConnectionString, Math.Min(calls, 10_000), cancellationToken);
            var random = new Random(42);
            var (healthTimes, childTimes, gc) = await TimeInterleavedAsync(calls,
                () => health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(10)).ResponseAsync,
                () => directory.GetChildAsync(new GetChildRequest { ChildId = ids[random.Next(ids.Count)], Purpose = Contract.Purpose.ActiveDiscovery }, deadline: DateTime.UtcNow.AddSeconds(10)).ResponseAsync);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  children in the database: {total:N0}\n  health check {Percentiles(healthTimes)} (floor)\n  GetChild     {Percentiles(childTimes)}\n  while timing: {gc}\n  load average after: {BenchRun.LoadAverage()}"));
        }
    }

    /// <summary>Waits until the host's background linker has consumed every queued record version.</summary>
    private static async Task UntilLinkedAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        while (await ScalarAsync(connection, "SELECT EXISTS (SELECT 1 FROM pending_links)", cancellationToken) != 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }
    }

    /// <summary>
    /// A live grant for the reader (civil affairs) on education's records, so each timed GetChild states a purpose
    /// and goes through the grant look-up and the per-record disclosure, as a real cross-agency read does.
    /// </summary>
    internal static async Task GrantReadsAsync(GrantStore grants, CancellationToken cancellationToken)
    {
        var reader = Agency.CivilAffairs.ToCode();
        var purpose = PurposeCodes.ToCode(DataExchange.Domain.Access.Purpose.ActiveDiscovery);
        if ((await grants.LiveAsync(reader, purpose, cancellationToken)).Count > 0)
        {
            return;
        }

        await grants.CreateAsync(new GrantEntity
        {
            GranteeAgency = reader,
            SourceAgencies = Agency.Education.ToCode(),
            Purpose = purpose,
            Reference = "dx bench reconcile",
            FieldGroups = "identity,contact,education",
            ValidFrom = DateTime.UtcNow.AddDays(-1),
            ValidTo = DateTime.UtcNow.AddYears(10),
            CreatedBy = "dx-bench",
        }, cancellationToken);
    }

    private async Task IngestAsync(DatabaseOptions options, int records, CancellationToken cancellationToken)
    {
        await using var host = await BenchHost.StartAsync(options, cancellationToken);
        await using var target = ServerTarget.Open(host.Address.ToString(), new DevelopmentAgencyHeader(), TimeSpan.FromMinutes(60));
        // Ingestion and linking both warm up, until the JIT has settled: the timed batch measures the sustained rate.
        output.WriteLine("  " + await BenchRun.WarmUpAsync(async round =>
        {
            await target.WriteBatchAsync(Agency.Education, $"bench-warm-up-{round}", BenchRun.Indexed(IngestBench.WarmUpBatch(round)), cancellationToken);
            await UntilLinkedAsync(options.ConnectionString, cancellationToken);
        }));
        // As in dx bench ingest, the agency's messages are built before the clock starts.
        var messages = await ServerTarget.Messages("bench-link", BenchRun.Indexed(SyntheticRecords.Education(records).ToList()), cancellationToken).ToListAsync(cancellationToken);
        var counters = RuntimeCounters.Now();
        var clock = Stopwatch.StartNew();
        var written = await target.SendAsync(Agency.Education, messages.ToAsyncEnumerable(), cancellationToken);
        var acknowledged = clock.Elapsed;
        // The batch is acknowledged once stored; it counts as ingested with linking when the linker has drained the queue.
        await UntilLinkedAsync(options.ConnectionString, cancellationToken);
        var linked = clock.Elapsed;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  batch acknowledged (stored, queued):  {written.Outcome.Accepted:N0} records in {acknowledged.TotalSeconds:F1} s = {written.Outcome.Accepted / acknowledged.TotalSeconds:N0} records/s"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  ingestion + incremental linking done: {written.Outcome.Accepted:N0} records in {linked.TotalSeconds:F1} s = {written.Outcome.Accepted / linked.TotalSeconds:N0} records/s\n  meanwhile: {RuntimeCounters.Now() - counters}"));
    }

    /// <summary>
    /// The linker's own rate, apart from the contention with ingestion measured above: N more records stored with the
    /// background linker off, then the queue drained by the Reconciler in the worker's slices. Runs after the first
    /// host is stopped: two linkers on one database would race for the same records.
    /// </summary>
    private async Task MeasureLinkerAloneAsync(DatabaseOptions options, int records, CancellationToken cancellationToken)
    {
        await using var host = await BenchHost.StartAsync(options, cancellationToken, backgroundLinking: false);
        await using (var target = ServerTarget.Open(host.Address.ToString(), new DevelopmentAgencyHeader(), TimeSpan.FromMinutes(60)))
        {
            var batch = SyntheticRecords.Education(records, seed: 99).Select(r => r with { SourceId = "L" + r.SourceId }).ToList();
            await target.WriteBatchAsync(Agency.Education, "bench-link-alone", BenchRun.Indexed(batch), cancellationToken);
        }

        var reconciler = host.Services.GetRequiredService<DataExchange.Reconciliation.Reconciler>();
        var clock = Stopwatch.StartNew();
        var consumed = 0;
        for (int slice; (slice = (await reconciler.LinkQueuedAsync(DataExchange.Reconciliation.Reconciler.DefaultLinkSliceSize, cancellationToken)).Consumed) > 0;)
        {
            consumed += slice;
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  linking alone (queue drained, no ingestion beside it): {consumed:N0} records in {clock.Elapsed.TotalSeconds:F1} s = {consumed / clock.Elapsed.TotalSeconds:N0} records/s"));
    }

    /// <summary>
    /// Alternates one health check and one GetChild, so a noisy neighbour on a shared machine slows both alike and
    /// the ratio of their percentiles means something even when the absolute figures do not.
    /// </summary>
    private static async Task<(List<double> First, List<double> Second, string Counters)> TimeInterleavedAsync(int calls, Func<Task> first, Func<Task> second)
    {
        // Warm-up in rounds of 500 pairs until the JIT has settled (in a fresh process, when the database was reused).
        await BenchRun.WarmUpAsync(async _ =>
        {
            for (var i = 0; i < 500; i++)
            {
                await first();
                await second();
            }
        });

        var firstTimes = new List<double>(calls);
        var secondTimes = new List<double>(calls);
        var counters = RuntimeCounters.Now();
        for (var i = 0; i < calls; i++)
        {
            firstTimes.Add(await TimeAsync(first));
            secondTimes.Add(await TimeAsync(second));
        }

        return (firstTimes, secondTimes, (RuntimeCounters.Now() - counters).ToString());
    }

    private static async Task<double> TimeAsync(Func<Task> call)
    {
        var start = Stopwatch.GetTimestamp();
        await call();
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    private static string Percentiles(List<double> times) => string.Create(CultureInfo.InvariantCulture,
        $"p50 {Percentile(times, 50):F2} ms  p90 {Percentile(times, 90):F2} ms  p99 {Percentile(times, 99):F2} ms  max {times.Max():F1} ms");

    private static double Percentile(List<double> times, int percentile)
    {
        var sorted = times.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1)];
    }

    /// <summary>Copies the ingested children (with their record, link and history) in SQL until the database holds <paramref name="children"/>.</summary>
    private async Task<long> GrowAsync(string connectionString, int children, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var count = await ScalarAsync(connection, "SELECT COUNT(*) FROM children", cancellationToken);
        var clock = Stopwatch.StartNew();
        for (var round = 1; count < children; round++)
        {
            var take = Math.Min(count, children - count);
            var suffix = "-f" + round.ToString(CultureInfo.InvariantCulture);
            await using var transaction = connection.BeginTransaction();
            await ExecuteAsync(connection, $"""
                CREATE TEMP TABLE pick AS SELECT c."Id" AS ChildId, l."SourceRecordId" AS RecordId FROM children c JOIN record_links l ON l."ChildId" = c."Id"
                  WHERE c."PublicId" NOT LIKE '%-f%' GROUP BY c."Id" LIMIT {take};
                INSERT INTO source_records ("Agency","SourceId","Version","Retracted","ContentHash","IdNumber","IdNumberValid","Name","Sex","BirthDate","RegionCode","RawJson","NormalizedJson","CreatedAt","UpdatedAt")
                  SELECT "Agency","SourceId" || '{suffix}',"Version","Retracted","ContentHash","IdNumber","IdNumberValid","Name","Sex","BirthDate","RegionCode","RawJson","NormalizedJson","CreatedAt","UpdatedAt"
                  FROM source_records WHERE "Id" IN (SELECT RecordId FROM pick);
                INSERT INTO children ("PublicId","Version","Active","GoldenJson","OverridesJson","Name","NamePinyin","IdNumber","BirthDate","RegionCode","Category","Agencies","RecordCount","CreatedAt","UpdatedAt")
                  SELECT "PublicId" || '{suffix}',"Version","Active","GoldenJson","OverridesJson","Name","NamePinyin","IdNumber","BirthDate","RegionCode","Category","Agencies","RecordCount","CreatedAt","UpdatedAt"
                  FROM children WHERE "Id" IN (SELECT ChildId FROM pick);
                INSERT INTO record_links ("SourceRecordId","ChildId","RecordVersion","Method","Score","LinkedAt")
                  SELECT r2."Id", c2."Id", 1, 'bench', 0, c2."CreatedAt" FROM pick p
                  JOIN source_records r ON r."Id" = p.RecordId JOIN source_records r2 ON r2."Agency" = r."Agency" AND r2."SourceId" = r."SourceId" || '{suffix}'
                  JOIN children c ON c."Id" = p.ChildId JOIN children c2 ON c2."PublicId" = c."PublicId" || '{suffix}';
                INSERT INTO change_events ("ChildId","ChildPublicId","Kind","Agencies","Detail","CreatedAt")
                  SELECT c2."Id", c2."PublicId", 'created', c2."Agencies", '', c2."CreatedAt" FROM children c2 WHERE c2."PublicId" LIKE '%{suffix}';
                DROP TABLE pick;
                """, cancellationToken);
            transaction.Commit();
            count = await ScalarAsync(connection, "SELECT COUNT(*) FROM children", cancellationToken);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  grown to {count:N0} children ({clock.Elapsed.TotalSeconds:F0} s)"));
        }

        return count;
    }

    private static async Task<List<string>> SampleChildIdsAsync(string connectionString, int count, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT \"PublicId\" FROM children WHERE \"Active\" ORDER BY random() LIMIT {count}";
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return await ScalarAsync(connection, sql, cancellationToken);
    }

    private static async Task<long> ScalarAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
