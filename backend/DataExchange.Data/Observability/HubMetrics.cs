using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace DataExchange.Data.Observability;

/// <summary>
/// The hub's own instruments (meter <see cref="MeterName"/>), what an operator watches: calls by rpc and status,
/// their latency, records ingested, the link queue, audit appends and the linker lease. Tags carry rpc names,
/// status codes, agency codes and outcomes only: never a person, a record, an ID number or a client secret.
/// One instance per host (a singleton); the OpenTelemetry exporter reads it by the meter's name.
/// </summary>
public sealed class HubMetrics : IDisposable
{
    public const string MeterName = "DataExchange.Hub";

    private readonly Meter meter = new(MeterName, "1.0");
    private readonly Counter<long> calls;
    private readonly Histogram<double> callDuration;
    private readonly Counter<long> records;
    private readonly Histogram<double> auditAppend;
    private readonly Histogram<long> auditGroup;
    private long linkQueueDepth = -1;
    private double linkQueueLagSeconds = -1;
    private int leaseHeld = -1;

    public HubMetrics()
    {
        calls = meter.CreateCounter<long>("dx.rpc.calls", "{call}", "gRPC calls answered, by rpc and gRPC status.");
        callDuration = meter.CreateHistogram<double>("dx.rpc.duration", "s", "Time from a call's arrival to its reply, by rpc and gRPC status.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        records = meter.CreateCounter<long>("dx.records.ingested", "{record}", "Records received by SubmitRecords, by agency and outcome (accepted, unchanged, rejected).");
        auditAppend = meter.CreateHistogram<double>("dx.audit.append.duration", "s", "Time to make one group of audit entries durable (one transaction).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        auditGroup = meter.CreateHistogram<long>("dx.audit.append.group_size", "{entry}", "Audit entries written together in one transaction (group commit).",
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256] });
        meter.CreateObservableGauge("dx.link.queue.depth", ObserveQueueDepth, "{record}", "Record versions waiting for the linker (sampled every few seconds).");
        meter.CreateObservableGauge("dx.link.queue.lag", ObserveQueueLag, "s", "Age of the oldest record version waiting for the linker (0 when the queue is empty).");
        meter.CreateObservableGauge("dx.linker.lease.held", ObserveLease, "{lease}", "1 while this host holds the linker lease and links, 0 while another host does.");
    }

    /// <summary>Seconds, from 0.25 ms to 10 s: reads take well under a millisecond to tens of milliseconds.</summary>
    private static readonly double[] LatencyBuckets =
        [0.00025, 0.0005, 0.001, 0.002, 0.004, 0.008, 0.016, 0.032, 0.064, 0.128, 0.256, 0.512, 1, 2.5, 5, 10];

    /// <summary>One call answered: <paramref name="rpc"/> is the gRPC method path, <paramref name="status"/> its status code name.</summary>
    public void CallAnswered(string rpc, string status, TimeSpan elapsed)
    {
        var tags = new TagList { { "rpc", rpc }, { "grpc.status", status } };
        calls.Add(1, tags);
        callDuration.Record(elapsed.TotalSeconds, tags);
    }

    public void RecordsIngested(string agency, int accepted, int unchanged, int rejected)
    {
        if (accepted > 0)
        {
            records.Add(accepted, new TagList { { "agency", agency }, { "outcome", "accepted" } });
        }

        if (unchanged > 0)
        {
            records.Add(unchanged, new TagList { { "agency", agency }, { "outcome", "unchanged" } });
        }

        if (rejected > 0)
        {
            records.Add(rejected, new TagList { { "agency", agency }, { "outcome", "rejected" } });
        }
    }

    public void AuditGroupWritten(int entries, TimeSpan elapsed, bool succeeded)
    {
        var tags = new TagList { { "outcome", succeeded ? "written" : "failed" } };
        auditAppend.Record(elapsed.TotalSeconds, tags);
        auditGroup.Record(entries, tags);
    }

    /// <summary>The latest sample of the link queue (set by the host's background probe).</summary>
    public void LinkQueueSampled(long depth, TimeSpan oldest)
    {
        Interlocked.Exchange(ref linkQueueDepth, depth);
        Interlocked.Exchange(ref linkQueueLagSeconds, oldest.TotalSeconds);
    }

    /// <summary>
    /// Whether this host holds the linker lease now; whoever coordinates linkers sets it. Until it is first set the
    /// gauge reports nothing (a host that has not decided is neither holder nor follower).
    /// </summary>
    public void LinkerLease(bool held) => Interlocked.Exchange(ref leaseHeld, held ? 1 : 0);

    private IEnumerable<Measurement<long>> ObserveQueueDepth() =>
        Interlocked.Read(ref linkQueueDepth) is var depth and >= 0 ? [new Measurement<long>(depth)] : [];

    private IEnumerable<Measurement<double>> ObserveQueueLag() =>
        Volatile.Read(ref linkQueueLagSeconds) is var lag and >= 0 ? [new Measurement<double>(lag)] : [];

    private IEnumerable<Measurement<int>> ObserveLease() =>
        Volatile.Read(ref leaseHeld) is var held and >= 0 ? [new Measurement<int>(held)] : [];

    public void Dispose() => meter.Dispose();
}
