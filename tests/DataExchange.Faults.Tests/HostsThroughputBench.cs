using System.Diagnostics;
using DataExchange.Contracts.V1;
using DataExchange.Faults.Tests.Infrastructure;
using Xunit.Abstractions;
using Agency = DataExchange.Domain.Agencies.Agency;

namespace DataExchange.Faults.Tests;

/// <summary>
/// A measurement, not a test: the same records in the same concurrent streams into one PostgreSQL database through one
/// host, then through three, alternated so that the machine's noise falls on both. Two measurements:
/// <list type="bullet">
/// <item><b>ingestion alone</b> (background linking off): the clock stops when the last stream is answered;</item>
/// <item><b>stored and linked</b> (background linking on, as a hub runs: one lease holder links, every host ingests): the
/// clock stops when the last stream is answered and the link queue is empty, and every record is then linked.</item>
/// </list>
/// Every host is warmed first with a small batch of its own (JIT, pools, and in the linked case the first batch link
/// and the linker's index). Prints records/s and the load average; asserts that every record was stored (and linked).
/// Runs when DX_HOSTS_BENCH=1 (e.g. <c>DX_HOSTS_BENCH=1 DX_HOSTS_BENCH_CHILDREN=20000 dotnet test
/// tests/DataExchange.Faults.Tests --filter HostsThroughputBench</c>; add <c>.StoredAndLinked</c> or <c>.Ingestion</c>
/// to the filter for one of the two).
/// </summary>
public sealed class HostsThroughputBench(ITestOutputHelper log)
{
    private const int Streams = 6;

    [BenchFact]
    public Task IngestionThroughOneHostAndThroughThreeHosts() => CompareAsync(linked: false);

    [BenchFact]
    public Task StoredAndLinkedThroughOneHostAndThroughThreeHosts() => CompareAsync(linked: true);

    private async Task CompareAsync(bool linked)
    {
        var children = int.Parse(Environment.GetEnvironmentVariable("DX_HOSTS_BENCH_CHILDREN") ?? "20000", System.Globalization.CultureInfo.InvariantCulture);
        var batches = AgencyBatches.Generate(children, seed: 1299);
        var rows = batches.ByAgency.SelectMany(pair => pair.Value.Select(record => (Agency: pair.Key, Record: record))).ToList();
        // Streams of one agency each (a call writes only its caller's agency), the larger agencies split in two or more.
        var streams = rows.GroupBy(row => row.Agency)
            .SelectMany(group => group.Select((row, i) => (row, i)).GroupBy(pair => pair.i * Streams / rows.Count)
                .Select(part => (Agency: group.Key, Records: part.Select(pair => pair.row.Record).ToList())))
            .ToList();
        log.WriteLine($"{rows.Count} records of {children} children in {streams.Count} concurrent SubmitRecords streams; "
            + (linked ? "stored and linked (background linking on)" : "linking off (ingestion alone)"));
        foreach (var hosts in new[] { 1, 3, 1, 3 })
        {
            var (seconds, load, holder) = await RunAsync(hosts, streams, linked);
            log.WriteLine($"{hosts} host(s): {rows.Count / seconds:N0} records/s ({seconds:0.00} s), load average before/after {load}{holder}");
        }
    }

    private static async Task<(double Seconds, string Load, string Holder)> RunAsync(int hostCount, List<(Agency Agency, List<ChildRecord> Records)> streams, bool linked)
    {
        await using var hub = await Hub.CreateAsync(Environment.GetEnvironmentVariable(PostgresFactAttribute.Variable)!,
            new Dictionary<string, string> { ["Reconciliation__BackgroundLinking"] = linked ? "true" : "false", ["DOTNET_gcServer"] = "1" });
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
        const int warm = 200;
        for (var s = 0; s < streams.Count; s++)
        {
            await clients[s].SubmitAsync(streams[s].Records.Take(warm).ToList(), $"warm-{s}", chunk: 100);
        }

        if (linked)
        {
            // The warm records' batch link and the holder's index are in place before the clock starts.
            await hub.Database.LinkedAsync(TimeSpan.FromMinutes(5));
        }

        var before = File.ReadAllText("/proc/loadavg").Split(' ')[0];
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(streams.Select((stream, s) => clients[s].SubmitAsync(stream.Records, $"bench-{s}", chunk: 500, deadline: TimeSpan.FromMinutes(10))));
        if (linked)
        {
            await hub.Database.LinkedAsync(TimeSpan.FromMinutes(30));
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var after = File.ReadAllText("/proc/loadavg").Split(' ')[0];
        var figures = await hub.Database.FiguresAsync();
        Assert.Equal(streams.Sum(stream => stream.Records.Count), figures.Records);
        if (linked)
        {
            Assert.Equal(figures.Records, figures.LinksAtCurrentVersion);
            Assert.Equal(0, figures.Queued);
        }

        var holder = linked ? $", lease held by {await hub.Database.LeaseHolderAsync()}" : "";
        return (seconds, before + "/" + after, holder);
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
