using System.Diagnostics;
using System.Runtime.CompilerServices;
using DataExchange.Data.Records;
using DataExchange.ExchangeFiles.Reading;

namespace DataExchange.Cli.Import;

/// <summary>
/// Imports a folder of exchange files: checks each file before writing anything, skips (and names) the ones that
/// cannot be read, leaves out (and names) the ones the target will not take from this caller (another agency's
/// files), and writes the rest one batch per file through the target.
/// </summary>
public sealed class Importer(
    IRecordTarget target, TextWriter messages, ImportProgress? progress = null, string batchKeyPrefix = "",
    FileEncoding encoding = FileEncoding.Auto)
{
    public const int MaxBatchKeyPrefixLength = 50;

    public async Task<ImportResult> RunAsync(string directory, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var folder = ExchangeFolder.Inspect(directory, encoding);
        foreach (var skip in folder.Skipped)
        {
            messages.WriteLine($"skipped {skip.FileName}: {skip.Reason}");
        }

        var files = new List<AgencyFile>();
        var notSent = new List<SkippedFile>();
        foreach (var file in folder.Files)
        {
            if (await target.RefusalForAsync(file.Agency, cancellationToken) is { } reason)
            {
                notSent.Add(new SkippedFile(file.FileName, reason));
                messages.WriteLine($"not sending {file.FileName}: {reason}");
                continue;
            }

            files.Add(file);
            if (file.Note is { } note)
            {
                messages.WriteLine($"{file.FileName}: {note}");
            }
        }

        if (folder.Files.Count == 0 && folder.Skipped.Count == 0)
        {
            messages.WriteLine($"no .csv or .xlsx files in {directory}");
        }

        progress?.Start(files.Sum(file => file.Bytes));
        var results = new List<FileResult>(files.Count);
        foreach (var file in files)
        {
            results.Add(await ImportFileAsync(file, cancellationToken));
            progress?.FileDone(file.Bytes);
        }

        progress?.Finish();
        if (target.StoredNote() is { } stored)
        {
            messages.WriteLine(stored);
        }

        if (await target.FinishAsync(cancellationToken) is { } finished)
        {
            messages.WriteLine(finished);
        }

        return new ImportResult(results, folder.Skipped, clock.Elapsed) { NotSent = notSent };
    }

    /// <summary>Derived from the file's content: the same file imported again carries the same key.</summary>
    public string BatchKeyFor(AgencyFile file) => $"{batchKeyPrefix}csv-{file.ContentHash[..32]}";

    private async Task<FileResult> ImportFileAsync(AgencyFile file, CancellationToken cancellationToken)
    {
        var lineOfIndex = new List<int>();
        var rejected = new List<RejectedRow>();
        var written = await target.WriteBatchAsync(
            file.Agency, BatchKeyFor(file), ReadAsync(file, lineOfIndex, rejected, cancellationToken), cancellationToken);

        rejected.AddRange(written.Outcome.Rejections.Select(rejection =>
            new RejectedRow(file.FileName, LineOf(rejection, lineOfIndex), rejection.SourceId, rejection.Field, rejection.Reason)));
        rejected.Sort((a, b) => a.Line.CompareTo(b.Line));
        if (written.Note is { } note)
        {
            messages.WriteLine($"{file.FileName}: {note}");
        }

        return new FileResult(file.FileName, file.Agency, written.Outcome.Accepted, written.Outcome.Unchanged, rejected, written.Note);
    }

    private static int LineOf(Rejection rejection, List<int> lineOfIndex) =>
        rejection.Index >= 0 && rejection.Index < lineOfIndex.Count ? lineOfIndex[rejection.Index] : 0;

    // Rows of the right width become records numbered from 0; ragged rows are refused here, with their line.
    private async IAsyncEnumerable<IndexedRecord> ReadAsync(
        AgencyFile file, List<int> lineOfIndex, List<RejectedRow> rejected, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var row in file.ReadRows())
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Advance(row.Position);
            if (row.Record is null)
            {
                rejected.Add(new RejectedRow(file.FileName, row.Line, row.SourceId, "row", row.Problem!));
                continue;
            }

            lineOfIndex.Add(row.Line);
            yield return new IndexedRecord(lineOfIndex.Count - 1, row.Record);
        }

        await Task.CompletedTask;
    }
}
