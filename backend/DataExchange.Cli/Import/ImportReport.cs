using System.Globalization;
using System.Text;
using DataExchange.Domain.Agencies;

namespace DataExchange.Cli.Import;

/// <summary>The summary table on stdout and the rejects file for the clerks.</summary>
public static class ImportReport
{
    public static readonly string[] RejectsHeader = ["file", "line", "source_id", "field", "reason"];

    public static void WriteSummary(TextWriter output, ImportResult result)
    {
        output.WriteLine(FormattableString.Invariant($"{"agency",-20} {"accepted",10} {"unchanged",10} {"rejected",10}"));
        foreach (var group in result.Files.GroupBy(file => file.Agency).OrderBy(group => group.Key.ToCode(), StringComparer.Ordinal))
        {
            Row(group.Key.ToCode(), group.Sum(f => f.Accepted), group.Sum(f => f.Unchanged), group.Sum(f => f.Rejected.Count));
        }

        Row("total", result.Accepted, result.Unchanged, result.Rejected);
        var seconds = result.Elapsed.TotalSeconds;
        var notSent = result.NotSent.Count > 0 ? $", {result.NotSent.Count} files of other agencies not sent" : "";
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{result.Records:N0} records from {result.Files.Count} files in {seconds:F1} s ({result.Records / Math.Max(seconds, 0.001):N0} records/s); {result.Skipped.Count} files skipped{notSent}"));

        void Row(string agency, int accepted, int unchanged, int rejected) =>
            output.WriteLine(FormattableString.Invariant($"{agency,-20} {accepted,10} {unchanged,10} {rejected,10}"));
    }

    /// <summary>file, line, source_id, field, reason: one row per refused record, in file and line order.</summary>
    public static void WriteRejects(string path, ImportResult result)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        writer.Write(string.Join(',', RejectsHeader) + "\n");
        foreach (var row in result.RejectedRows)
        {
            writer.Write(string.Join(',', Escape(row.File), row.Line.ToString(CultureInfo.InvariantCulture), Escape(row.SourceId),
                Escape(row.Field), Escape(row.Reason)) + "\n");
        }
    }

    /// <summary>RFC 4180: quote a field holding a comma, a quote or a line break, doubling its quotes.</summary>
    public static string Escape(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
