using DataExchange.Data.Records;
using DataExchange.Domain.Records;

namespace DataExchange.Cli.Bench;

/// <summary>What every dx bench needs around its measurements.</summary>
internal static class BenchRun
{
    /// <summary>Wall-clock figures mean little on a busy machine; the load average says how busy it was (Linux only).</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    /// <summary>Fewer methods than this compiled in a warm-up round: the JIT has settled.</summary>
    public const long SettledJitMethods = 150;

    /// <summary>
    /// Runs warm-up rounds until the JIT has settled: tiered compilation recompiles hot methods (twice with dynamic PGO)
    /// on a background thread, which on two cores takes a core away from the run for tens of seconds after start. A
    /// long-running host pays that once; a timed window that includes it measures start-up, not the sustained rate.
    /// </summary>
    public static async Task<WarmUp> WarmUpAsync(Func<int, Task> round, int maxRounds = 12)
    {
        var rounds = 0;
        long compiled;
        do
        {
            var before = JitMethods();
            await round(rounds++);
            // Idle for a moment: the recompilations the round triggered are queued for a background thread, and are
            // counted only once compiled.
            await Task.Delay(TimeSpan.FromSeconds(1));
            compiled = JitMethods() - before;
        }
        while ((rounds < 2 || compiled >= SettledJitMethods) && rounds < maxRounds);

        return new WarmUp(rounds, compiled);
    }

    /// <summary>Methods the JIT has compiled so far.</summary>
    public static long JitMethods() => System.Runtime.JitInfo.GetCompiledMethodCount();

    /// <summary>Records as a batch streams them: numbered in order.</summary>
    public static async IAsyncEnumerable<IndexedRecord> Indexed(List<SourceRecord> records)
    {
        for (var i = 0; i < records.Count; i++)
        {
            yield return new IndexedRecord(i, records[i]);
        }

        await Task.CompletedTask;
    }
}

/// <summary>How many warm-up rounds ran, and how many methods the last one compiled.</summary>
internal readonly record struct WarmUp(int Rounds, long LastCompiled)
{
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"warm-up: {Rounds} rounds, the last compiled {LastCompiled:N0} methods{(LastCompiled >= BenchRun.SettledJitMethods ? " (not settled)" : "")}");
}

/// <summary>The process's garbage-collector and JIT counters, to say what a timed window allocated, paused for and compiled.</summary>
internal readonly record struct RuntimeCounters(long Allocated, int Gen0, int Gen1, int Gen2, TimeSpan Paused, long JitMethods)
{
    public static RuntimeCounters Now() =>
        new(GC.GetTotalAllocatedBytes(), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration(), BenchRun.JitMethods());

    public static RuntimeCounters operator -(RuntimeCounters after, RuntimeCounters before) =>
        new(after.Allocated - before.Allocated, after.Gen0 - before.Gen0, after.Gen1 - before.Gen1, after.Gen2 - before.Gen2, after.Paused - before.Paused,
            after.JitMethods - before.JitMethods);

    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"allocated {Allocated / 1048576.0:N0} MiB, GCs {Gen0}/{Gen1}/{Gen2} (gen0/1/2), paused {Paused.TotalSeconds:F2} s; {JitMethods:N0} methods compiled");
}
