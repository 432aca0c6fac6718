using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using DataExchange.Cli.Import;
using DataExchange.Contracts.V1;
using DataExchange.Data;
using DataExchange.Data.Access;
using DataExchange.Data.Observability;
using DataExchange.Data.Providers;
using DataExchange.Domain.Agencies;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Agency = DataExchange.Domain.Agencies.Agency;
using Contract = DataExchange.Contracts.V1;

namespace DataExchange.Cli.Bench;

/// <summary>
/// dx bench reads: calls/s and latency of GetChild and SearchChildren from many concurrent streams over a few
/// HTTP/2 connections, beside a bare unary call on the same host (grpc.health.v1 Check: the same pipeline, answered
/// from the cached probe, no authentication, no database, no audit) as the floor. The host is the real pipeline
/// (BenchHost); callers hold client-credentials bearer tokens from its token endpoint, as agency systems do.
/// GetChild is civil affairs reading education's records under a live grant (a purpose, the grant look-up, the
/// per-record disclosure and an audit entry per call); SearchChildren is education finding its own children by ID
/// number. With --h2load the same three calls are measured again from outside by h2load (nghttp2) against the same host.
/// </summary>
public sealed class ReadsBench(TextWriter output)
{
    private const string ReaderClient = "bench-civil-affairs";
    private const string SearcherClient = "bench-education";
    private const string Secret = "bench-secret-not-for-production";

    public sealed record Settings(DatabaseProvider Provider, string? Postgres, int Children, int Streams, int Connections, TimeSpan Duration, bool H2load, int Port);

    public async Task RunAsync(Settings settings, CancellationToken cancellationToken)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"dx bench reads: {settings.Provider}, {settings.Children:N0} children, {settings.Streams} streams over {settings.Connections} connections, {settings.Duration.TotalSeconds:F0} s per window; {Environment.ProcessorCount} cores, load average {BenchRun.LoadAverage()}"));
        await using var database = await IngestBench.ScratchDatabase.CreateAsync(settings.Provider, settings.Postgres, "reads", cancellationToken);
        await using var host = await BenchHost.StartAsync(database.Options, cancellationToken, backgroundLinking: true, port: settings.Port, settings: new Dictionary<string, string?>
        {
            ["Identity:AgencyClients:0:ClientId"] = ReaderClient,
            ["Identity:AgencyClients:0:Agency"] = Agency.CivilAffairs.ToCode(),
            ["Identity:AgencyClients:0:Secret"] = Secret,
            ["Identity:AgencyClients:1:ClientId"] = SearcherClient,
            ["Identity:AgencyClients:1:Agency"] = Agency.Education.ToCode(),
            ["Identity:AgencyClients:1:Secret"] = Secret,
        });
        var (childIds, idNumbers) = await LoadAsync(host, settings.Children, cancellationToken);
        await ReconcileBench.GrantReadsAsync(host.Services.GetRequiredService<GrantStore>(), cancellationToken);
        var reader = await TokenAsync(host.Address, ReaderClient, cancellationToken);
        var searcher = await TokenAsync(host.Address, SearcherClient, cancellationToken);
        var readerHeaders = new Metadata { { "authorization", "Bearer " + reader } };
        var searcherHeaders = new Metadata { { "authorization", "Bearer " + searcher } };

        var calls = new Dictionary<string, Func<GrpcChannel, int, int, Task>>
        {
            ["floor (Check)"] = (channel, _, _) => new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), deadline: Deadline()).ResponseAsync,
            ["GetChild"] = (channel, stream, n) => new ChildDirectory.ChildDirectoryClient(channel).GetChildAsync(
                new GetChildRequest { ChildId = childIds[(stream * 7919 + n) % childIds.Count], Purpose = Contract.Purpose.ActiveDiscovery },
                readerHeaders, Deadline()).ResponseAsync,
            ["SearchChildren"] = (channel, stream, n) => new ChildDirectory.ChildDirectoryClient(channel).SearchChildrenAsync(
                new SearchChildrenRequest { IdNumber = idNumbers[(stream * 7919 + n) % idNumbers.Count] }, searcherHeaders, Deadline()).ResponseAsync,
        };

        using var statuses = new StatusTally();
        using var load = new LoadGenerator(host.Address, settings.Connections);
        output.WriteLine("  " + await BenchRun.WarmUpAsync(async _ =>
        {
            foreach (var call in calls.Values)
            {
                await load.RunAsync(settings.Streams, TimeSpan.FromSeconds(2), call);
            }
        }, maxRounds: 6));

        statuses.Clear();
        output.WriteLine($"  in-process client (Grpc.Net.Client), load average before {BenchRun.LoadAverage()}:");
        foreach (var (name, call) in calls)
        {
            var result = await load.RunAsync(settings.Streams, settings.Duration, call);
            output.WriteLine(result.Line(name));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {"",-16} {result.Cpu.TotalSeconds / result.Elapsed.TotalSeconds:F2} cores busy in this process; {result.Counters}"));
            output.WriteLine($"  {"",-16} server: {statuses.Summary()}");
            statuses.Clear();
        }
        if (settings.H2load)
        {
            statuses.Clear();
            var h2load = new H2loadRun(output, host.Address, settings.Streams, settings.Connections, settings.Duration);
            output.WriteLine($"  h2load (nghttp2, outside this process), load average before {BenchRun.LoadAverage()}:");
            await h2load.RunAsync("floor (Check)", "/grpc.health.v1.Health/Check", new HealthCheckRequest(), null, cancellationToken);
            await h2load.RunAsync("GetChild", "/dataexchange.v1.ChildDirectory/GetChild",
                new GetChildRequest { ChildId = childIds[0], Purpose = Contract.Purpose.ActiveDiscovery }, reader, cancellationToken);
            await h2load.RunAsync("SearchChildren", "/dataexchange.v1.ChildDirectory/SearchChildren",
                new SearchChildrenRequest { IdNumber = idNumbers[0] }, searcher, cancellationToken);
            output.WriteLine("  server statuses: " + statuses.Summary());
        }

        output.WriteLine($"  load average after: {BenchRun.LoadAverage()}");
    }

    private static DateTime Deadline() => DateTime.UtcNow.AddSeconds(30);

    /// <summary>Education's records streamed in and linked by the host's background linker; then the ids to read.</summary>
    private async Task<(List<string> ChildIds, List<string> IdNumbers)> LoadAsync(BenchHost host, int children, CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await using (var target = ServerTarget.Open(host.Address.ToString(), new DevelopmentAgencyHeader(), TimeSpan.FromMinutes(30)))
        {
            await target.WriteBatchAsync(Agency.Education, "bench-reads", BenchRun.Indexed(SyntheticRecords.Education(children).ToList()), cancellationToken);
        }

        var contexts = host.Services.GetRequiredService<IDbContextFactory<ExchangeDbContext>>();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        while (await db.PendingLinks.AnyAsync(cancellationToken))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }

        var childIds = await db.Children.AsNoTracking().Where(child => child.Active).OrderBy(child => child.Id).Select(child => child.PublicId).Take(5000).ToListAsync(cancellationToken);
        var education = Agency.Education.ToCode();
        var idNumbers = await db.SourceRecords.AsNoTracking().Where(record => record.Agency == education && record.IdNumberValid)
            .OrderBy(record => record.Id).Select(record => record.IdNumber).Take(5000).ToListAsync(cancellationToken);
        var total = await db.Children.CountAsync(cancellationToken);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  loaded and linked {total:N0} children in {clock.Elapsed.TotalSeconds:F0} s; reading {childIds.Count:N0} of them, searching {idNumbers.Count:N0} ID numbers"));
        return (childIds, idNumbers);
    }

    private static async Task<string> TokenAsync(Uri address, string clientId, CancellationToken cancellationToken)
    {
        // The bench host has one cleartext HTTP/2 port: the token endpoint is asked over HTTP/2 with prior knowledge.
        using var http = new HttpClient { DefaultRequestVersion = System.Net.HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var identity = new ClientCredentialsIdentity(ClientCredentialsIdentity.TokenEndpointFor(address.ToString()), clientId, Secret, http);
        var headers = await identity.HeadersForAsync(clientId == ReaderClient ? Agency.CivilAffairs : Agency.Education, cancellationToken);
        return headers.GetValue("authorization")!["Bearer ".Length..];
    }

    /// <summary>The host's own count of answered calls by rpc and status (meter DataExchange.Hub), to show no call failed unseen.</summary>
    private sealed class StatusTally : IDisposable
    {
        private readonly MeterListener listener = new();
        private readonly ConcurrentDictionary<string, long> counts = new();

        public StatusTally()
        {
            listener.InstrumentPublished = (instrument, meter) =>
            {
                if (instrument.Meter.Name == HubMetrics.MeterName && instrument.Name is "dx.rpc.calls" or "dx.audit.append.group_size" or "dx.audit.append.duration")
                {
                    meter.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<double>((_, value, _, _) =>
            {
                lock (counts)
                {
                    auditSeconds += value;
                }
            });
            listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            {
                if (instrument.Name == "dx.audit.append.group_size")
                {
                    lock (counts)
                    {
                        auditGroups++;
                        auditEntries += value;
                    }

                    return;
                }

                string rpc = "", status = "";
                foreach (var tag in tags)
                {
                    if (tag.Key == "rpc") rpc = tag.Value as string ?? "";
                    if (tag.Key == "grpc.status") status = tag.Value as string ?? "";
                }

                counts.AddOrUpdate($"{rpc[(rpc.LastIndexOf('/') + 1)..]} {status}", value, (_, sum) => sum + value);
            });
            listener.Start();
        }

        private long auditGroups, auditEntries;
        private double auditSeconds;

        public void Clear()
        {
            lock (counts)
            {
                counts.Clear();
                (auditGroups, auditEntries, auditSeconds) = (0, 0, 0);
            }
        }

        /// <summary>Calls by rpc and status, and how the audit chain grouped their entries.</summary>
        public string Summary()
        {
            lock (counts)
            {
                return string.Join(", ", counts.OrderBy(pair => pair.Key, StringComparer.Ordinal)
                    .Select(pair => string.Create(CultureInfo.InvariantCulture, $"{pair.Key} {pair.Value:N0}")))
                    + string.Create(CultureInfo.InvariantCulture,
                        $"; audit: {auditEntries:N0} entries in {auditGroups:N0} transactions ({(auditGroups == 0 ? 0 : (double)auditEntries / auditGroups):F1} per transaction, {(auditGroups == 0 ? 0 : auditSeconds * 1000 / auditGroups):F2} ms each)");
            }
        }

        public void Dispose() => listener.Dispose();
    }
}
