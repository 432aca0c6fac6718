using System.Diagnostics;
using DataExchange.Contracts.V1;
using DataExchange.Faults.Tests.Infrastructure;
using Xunit.Abstractions;
using Agency = DataExchange.Domain.Agencies.Agency;

namespace DataExchange.Faults.Tests;

/// <summary>
/// A measurement, not a test: ingestion over gRPC into one PostgreSQL database through one host, then through three,
/// the same records in the same concurrent streams, alternated so that the machine's noise falls on both. Prints
/// records/s and the load average; asserts only that every record was stored. Runs when DX_HOSTS_BENCH=1 (e.g.
/// <c>DX_HOSTS_BENCH=1 DX_HOSTS_BENCH_CHILDREN=20000 dotnet test tests/DataExchange.Faults.Tests --filter HostsThroughputBench</c>).
/// </summary>
public sealed class HostsThroughputBench(ITestOutputHelper log)
{
    private const int Streams = 6;

    [BenchFact]
    public async Task IngestionThroughOneHostAndThroughThreeHosts()
    {
        var children = int.Parse(Environment.GetEnvironmentVariable("DX_HOSTS_BENCH_CHILDREN") ?? "20000", System.Globalization.CultureInfo.InvariantCulture);
        var batches = AgencyBatches.Generate(children, seed: 1299);
        var rows = batches.ByAgency.SelectMany(pair => pair.Value.Select(record => (Agency: pair.Key, Record: record))).ToList();
        // Streams of one agency each (a call writes only its caller's agency), the larger agencies split in two or more.
        var streams = rows.GroupBy(row => row.Agency)
            .SelectMany(group => group.Select((row, i) => (row, i)).GroupBy(pair => pair.i * Streams / rows.Count)
                .Select(part => (Agency: group.Key, Records: part.Select(pair => pair.row.Record).ToList())))
            .ToList();
        log.WriteLine($"{rows.Count} records of {children} children in {streams.Count} concurrent SubmitRecords streams; linking off (ingestion alone)");
        foreach (var hosts in new[] { 1, 3, 1, 3 })
        {
            var (seconds, load) = await RunAsync(hosts, streams);
            log.WriteLine($"{hosts} host(s): {rows.Count / seconds:N0} records/s ({seconds:0.00} s), load average before/after {load}");
        }
    }

    private static async Task<(double Seconds, string Load)> RunAsync(int hostCount, List<(Agency Agency, List<ChildRecord> Records)> streams)
    {
        await using var hub = await Hub.CreateAsync(Environment.GetEnvironmentVariable(PostgresFactAttribute.Variable)!,
            new Dictionary<string, string> { ["Reconciliation__BackgroundLinking"] = "false", ["DOTNET_gcServer"] = "1" });
        for (var i = 0; i < hostCount; i++)
        {
            await hub.StartHostAsync($"dx-bench-{i}");
        }

        var clients = new List<RecordExchange.RecordExchangeClient>();
        for (var s = 0; s < streams.Count; s++)
        {
            clients.Add(await hub.RecordExchangeAsync(hub.Hosts[s % hostCount], streams[s].Agency));
        }

        // Warm-up: every host JIT-compiles the path with a small batch of its own first.
        for (var s = 0; s < streams.Count; s++)
        {
            await clients[s].SubmitAsync(streams[s].Records.Take(200).ToList(), $"warm-{s}", chunk: 100);
        }

        var before = File.ReadAllText("/proc/loadavg").Split(' ')[0];
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(streams.Select((stream, s) => clients[s].SubmitAsync(stream.Records, $"bench-{s}", chunk: 500, deadline: TimeSpan.FromMinutes(10))));
        var seconds = clock.Elapsed.TotalSeconds;
        var after = File.ReadAllText("/proc/loadavg").Split(' ')[0];
        Assert.Equal(streams.Sum(stream => stream.Records.Count), (await hub.Database.FiguresAsync()).Records);
        return (seconds, before + "/" + after);
    }
}

/// <summary>Runs only where DX_HOSTS_BENCH=1 and DX_TEST_POSTGRES are set: a measurement, not part of the suite's run.</summary>
public sealed class BenchFactAttribute : FactAttribute
{
    public BenchFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("DX_HOSTS_BENCH") != "1" || string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(PostgresFactAttribute.Variable)))
        {
            Skip = "a measurement: set DX_HOSTS_BENCH=1 (and DX_TEST_POSTGRES) to run it";
        }
    }
}
