using System.Diagnostics;
using System.Globalization;
using DataExchange.Matching.Features;
using DataExchange.Matching.Incremental;
using DataExchange.Matching.Linking;
using DataExchange.Matching.Scoring;

namespace DataExchange.Cli.Commands;

/// <summary>
/// dx link --bench: stage timings, comparisons per second (per core too, to set against Splink's
/// ~128,000/s per vCPU), peak working set, and incremental latency: an index is built from the batch
/// result and a sample of its records is decided one at a time, each hidden from the index first.
/// </summary>
internal static class LinkBench
{
    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";

    public static void Report(RecordFeatures[] records, LinkResult result, Scorer scorer, TimeSpan readTime, TimeSpan linkTime, int[]? person, bool incremental)
    {
        var c = CultureInfo.InvariantCulture;
        var perSecond = result.Comparisons / Math.Max(1e-9, result.CompareTime.TotalSeconds);
        Console.WriteLine(string.Create(c, $"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}"));
        Console.WriteLine(string.Create(c, $"read+features {readTime.TotalSeconds:F1}s, compare {result.CompareTime.TotalSeconds:F1}s, cluster {result.ClusterTime.TotalSeconds:F1}s, total {linkTime.TotalSeconds:F1}s"));
        var perCpuSecond = result.Comparisons / Math.Max(1e-9, result.CompareCpuTime.TotalSeconds);
        Console.WriteLine(string.Create(c, $"comparisons {result.Comparisons:N0}: {perSecond:N0}/s wall, {perSecond / Environment.ProcessorCount:N0}/s per core by wall time, {perCpuSecond:N0} per CPU-second (blocking included); pairs by rule [{string.Join(", ", result.PairsByRule)}]"));
        Console.WriteLine(string.Create(c, $"process CPU time so far {Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds:F1}s; load average {LoadAverage()}"));
        var peak = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024 * 1024);
        // Children: the truth's persons when there is a truth, else the children the run found.
        var children = person is null ? result.ClusterCount : person.Length == 0 ? 0 : person.Max() + 1;
        Console.WriteLine(string.Create(c,
            $"peak working set {peak:F2} GiB: {peak * 1e6 / Math.Max(1, children):F2} GiB per million children ({children:N0} children{(person is null ? " as linked" : "")}), {peak * 1e6 / Math.Max(1, records.Length):F2} GiB per million records; {(double)result.Comparisons / Math.Max(1, records.Length):F2} comparisons per record; no block skipped ({result.SplitBlocks} split, largest {result.LargestBlock})"));

        if (!incremental)
        {
            Console.WriteLine("incremental latency not measured (--no-incremental)");
            return;
        }

        var clock = Stopwatch.StartNew();
        var frequencies = TermFrequencies.Count(records);
        var index = new ChildIndex(records, result.ClusterOf, scorer, frequencies);
        Console.WriteLine(string.Create(c, $"incremental index over {records.Length:N0} records built in {clock.Elapsed.TotalSeconds:F1}s"));
        var random = new Random(7);
        var samples = Math.Min(20_000, records.Length);
        var latencies = new double[samples];
        var size = new int[result.ClusterCount];
        foreach (var child in result.ClusterOf)
        {
            size[child]++;
        }

        var agree = 0;
        for (var s = 0; s < samples; s++)
        {
            var i = random.Next(records.Length);
            var start = Stopwatch.GetTimestamp();
            var decision = index.Decide(records[i], exclude: i);
            latencies[s] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            // Agreement as SampleAgreementTests defines it: linked where the batch linked, to the same child.
            var batchLinked = size[result.ClusterOf[i]] > 1;
            agree += (batchLinked ? decision.Kind == DecisionKind.Link && decision.Child == result.ClusterOf[i] : decision.Kind != DecisionKind.Link) ? 1 : 0;
        }

        Array.Sort(latencies);
        Console.WriteLine(string.Create(c, $"incremental decide: median {latencies[samples / 2]:F3} ms, p99 {latencies[(int)(samples * 0.99)]:F3} ms over {samples:N0} records; agrees with the batch on {agree:N0} ({100.0 * agree / samples:F2}%)"));
    }
}
