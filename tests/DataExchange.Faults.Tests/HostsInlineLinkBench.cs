using System.Diagnostics;
using DataExchange.Contracts.V1;
using DataExchange.Faults.Tests.Infrastructure;
using Xunit.Abstractions;
using Agency = DataExchange.Domain.Agencies.Agency;

namespace DataExchange.Faults.Tests;

/// <summary>
/// A measurement, not a test: what an inline link (UpsertRecord) costs on a host that does not hold the linker lease,
/// when the lease holder linked something since that host's last unit. The host's index must then follow the other
/// host's writes: by catching up on the children they touched, or by reloading every record of the hub. Two hosts on
/// one PostgreSQL database, the hub loaded with DX_HOSTS_BENCH_CHILDREN generated children through the holder; then
/// rounds of one upsert on the holder and one on the other host, each a changed version of a stored record. Prints the
/// other host's upsert latency (median and worst) beside the holder's. Runs when DX_HOSTS_BENCH=1 (filter
/// <c>HostsInlineLinkBench</c>).
/// </summary>
public sealed class HostsInlineLinkBench(ITestOutputHelper log)
{
    private const int Rounds = 20;

    [BenchFact]
    public async Task AnUpsertOnAHostWithoutTheLeaseAfterTheHolderLinked()
    {
        var children = int.Parse(Environment.GetEnvironmentVariable("DX_HOSTS_BENCH_CHILDREN") ?? "20000", System.Globalization.CultureInfo.InvariantCulture);
        var batches = AgencyBatches.Generate(children, seed: 1307);
        await using var hub = await Hub.CreateAsync(Environment.GetEnvironmentVariable(PostgresFactAttribute.Variable)!);
        await hub.StartHostAsync("dx-inline-0");
        await hub.StartHostAsync("dx-inline-1");
        var holderName = await hub.Database.LeaseHolderAsync(TimeSpan.FromSeconds(15));
        var holder = hub.Hosts.Single(host => host.Name == holderName);
        var other = hub.Hosts.Single(host => host != holder);
        foreach (var (agency, batch) in batches.ByAgency)
        {
            await (await hub.RecordExchangeAsync(holder, agency)).SubmitAsync(batch, "load-" + agency, chunk: 500, deadline: TimeSpan.FromMinutes(10));
        }

        await hub.Database.LinkedAsync(TimeSpan.FromMinutes(10));
        var records = (await hub.Database.FiguresAsync()).Records;

        var education = batches.ByAgency[Agency.Education];
        var health = batches.ByAgency[Agency.Health];
        var viaHolder = await hub.RecordExchangeAsync(holder, Agency.Education);
        var viaOther = await hub.RecordExchangeAsync(other, Agency.Health);
        var holderTimes = new List<double>();
        var otherTimes = new List<double>();
        for (var round = 0; round <= Rounds; round++)
        {
            holderTimes.Add(await UpsertAsync(viaHolder, education[round], round));
            var took = await UpsertAsync(viaOther, health[round], round);
            if (round > 0)
            {
                otherTimes.Add(took); // Round 0 loads the other host's index for the first time, as any start does.
            }
        }

        log.WriteLine($"{records} records; {Rounds} rounds, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}: "
            + $"upsert on the host without the lease median {Median(otherTimes):0.0} ms, worst {otherTimes.Max():0.0} ms; "
            + $"on the holder median {Median(holderTimes):0.0} ms");
        await hub.Database.LinkedAsync(TimeSpan.FromMinutes(1));
        var figures = await hub.Database.FiguresAsync();
        Assert.Equal(figures.Records, figures.LinksAtCurrentVersion);
    }

    private static async Task<double> UpsertAsync(RecordExchange.RecordExchangeClient client, ChildRecord record, int round)
    {
        var changed = record.Clone();
        changed.Address += $" ({round})";
        var clock = Stopwatch.StartNew();
        await client.UpsertRecordAsync(new UpsertRecordRequest { Record = changed }, deadline: DateTime.UtcNow.AddMinutes(2));
        return clock.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
