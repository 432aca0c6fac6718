using System.Diagnostics;
using System.Runtime.CompilerServices;
using DataExchange.Data.Records;

namespace DataExchange.Cli.Import;

/// <summary>
/// Imports a folder of exchange files: checks each file before writing anything, skips (and names)
/// the ones that cannot be read, and writes the rest one batch per file through the target.
/// </summary>
public sealed class Importer(IRecordTarget target, TextWriter messages, ImportProgress? progress = null, string batchKeyPrefix = "")
{
    public const int MaxBatchKeyPrefixLength = 50;

    public async Task<ImportResult> RunAsync(string directory, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var files = new List<AgencyFile>();
        var skipped = new List<SkippedFile>();
        foreach (var path in Directory.EnumerateFiles(directory, "*.csv").Order(StringComparer.Ordinal))
        {
            var (file, skip) = AgencyFile.Inspect(path);
            if (file is not null)
            {
                files.Add(file);
            }
            else
            {
                skipped.Add(skip!);
                messages.WriteLine($"skipped {skip!.FileName}: {skip.Reason}");
            }
        }

        if (files.Count == 0 && skipped.Count == 0)
        {
            messages.WriteLine($"no *.csv files in {directory}");
        }

        progress?.Start(files.Sum(file => file.Bytes));
        var results = new List<FileResult>(files.Count);
        foreach (var file in files)
        {
            results.Add(await ImportFileAsync(file, cancellationToken));
            progress?.FileDone(file.Bytes);
        }

        progress?.Finish();
        return new ImportResult(results, skipped, clock.Elapsed);
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
        using var reader = AgencyFile.OpenText(file.Path);
        var csv = new CsvReader(reader);
        var fields = new List<string>(file.Layout.Width);
        csv.ReadRow(fields); // The header, checked by AgencyFile.Inspect.
        while (csv.ReadRow(fields))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (csv.RowIsBlank)
            {
                continue;
            }

            progress?.Advance(reader.BaseStream.Position);
            if (fields.Count != file.Layout.Width)
            {
                rejected.Add(new RejectedRow(file.FileName, csv.RowLine, file.Layout.SourceIdOf(fields), "row",
                    $"has {fields.Count} fields; the header has {file.Layout.Width}"));
                continue;
            }

            lineOfIndex.Add(csv.RowLine);
            yield return new IndexedRecord(lineOfIndex.Count - 1, file.Layout.ToRecord(fields));
        }

        await Task.CompletedTask;
    }
}
