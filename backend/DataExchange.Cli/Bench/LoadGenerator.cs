using System.Diagnostics;
using System.Globalization;
using System.Net;
using Grpc.Net.Client;

namespace DataExchange.Cli.Bench;

/// <summary>
/// Closed-loop load: <c>streams</c> callers, each issuing one call after another, spread over <c>connections</c>
/// HTTP/2 connections (one GrpcChannel with one connection each), for a fixed time. Every call's latency is kept.
/// </summary>
internal sealed class LoadGenerator : IDisposable
{
    private readonly List<GrpcChannel> channels;

    public LoadGenerator(Uri address, int connections)
    {
        channels = [.. Enumerable.Range(0, connections).Select(_ => GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            // One connection per channel: the connection count is the bench's to choose, not the handler's.
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = false, PooledConnectionLifetime = Timeout.InfiniteTimeSpan },
            MaxReceiveMessageSize = 16 * 1024 * 1024,
        }))];
    }

    public IReadOnlyList<GrpcChannel> Channels => channels;

    /// <summary>Runs <paramref name="call"/> from <paramref name="streams"/> callers for <paramref name="duration"/>.</summary>
    /// <param name="call">One call by caller <c>stream</c> on <c>channel</c>, its <c>n</c>-th.</param>
    public async Task<LoadResult> RunAsync(int streams, TimeSpan duration, Func<GrpcChannel, int, int, Task> call)
    {
        var latencies = new List<double>[streams];
        var failures = new int[streams];
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var counters = RuntimeCounters.Now();
        var clock = Stopwatch.StartNew();
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var callers = Enumerable.Range(0, streams).Select(stream => Task.Run(async () =>
        {
            var mine = latencies[stream] = new List<double>(4096);
            var channel = channels[stream % channels.Count];
            for (var n = 0; Stopwatch.GetTimestamp() < end; n++)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await call(channel, stream, n);
                    mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                catch (Grpc.Core.RpcException)
                {
                    failures[stream]++;
                }
            }
        })).ToList();
        // Sampled near the end of the window: a pool that grew far past the core count means calls block threads.
        var pool = Task.Delay(duration * 0.9).ContinueWith(_ => $"thread pool {ThreadPool.ThreadCount} threads, {ThreadPool.PendingWorkItemCount} queued", TaskScheduler.Default);
        await Task.WhenAll(callers);
        var elapsed = clock.Elapsed;
        var all = latencies.SelectMany(list => list).ToArray();
        Array.Sort(all);
        return new LoadResult(all, failures.Sum(), elapsed, Process.GetCurrentProcess().TotalProcessorTime - cpu, (RuntimeCounters.Now() - counters) + "; " + await pool);
    }

    public void Dispose()
    {
        foreach (var channel in channels)
        {
            channel.Dispose();
        }
    }
}

/// <summary>Sorted latencies (ms) of the calls that succeeded, the failures, and what the window cost.</summary>
internal sealed record LoadResult(double[] Latencies, int Failures, TimeSpan Elapsed, TimeSpan Cpu, string Counters)
{
    public double CallsPerSecond => Latencies.Length / Elapsed.TotalSeconds;

    public double Percentile(double percentile) => Latencies.Length == 0
        ? double.NaN
        : Latencies[Math.Clamp((int)Math.Ceiling(percentile / 100 * Latencies.Length) - 1, 0, Latencies.Length - 1)];

    public string Line(string name) => string.Create(CultureInfo.InvariantCulture,
        $"  {name,-16} {CallsPerSecond,9:N0} calls/s  p50 {Percentile(50),6:F2} ms  p99 {Percentile(99),6:F2} ms  max {(Latencies.Length > 0 ? Latencies[^1] : double.NaN),7:F1} ms  {Latencies.Length,8:N0} calls{(Failures > 0 ? $", {Failures:N0} FAILED" : "")}");
}
