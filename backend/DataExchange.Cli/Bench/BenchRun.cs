using DataExchange.Data.Records;
using DataExchange.Domain.Records;

namespace DataExchange.Cli.Bench;

/// <summary>What every dx bench needs around its measurements.</summary>
internal static class BenchRun
{
    /// <summary>Wall-clock figures mean little on a busy machine; the load average says how busy it was (Linux only).</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

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
