using DataExchange.Domain.Records;
using DataExchange.ExchangeFiles.Generation;
using DataExchange.ExchangeFiles.Reading;

namespace DataExchange.Testing;

/// <summary>
/// Agency files with ground truth made by the project's own generator (fixed seed, the sample profile: twins,
/// siblings, mistyped and missing ID numbers, homophones, moved families) in a temporary folder, read back through
/// the one reader. Tests need no ../shared folder: a newcomer's clone has none. Compiled into each test project
/// that uses it (linked from tests/Shared), so no test project depends on another.
/// </summary>
public sealed class GeneratedSample : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("dx-generated-").FullName;

    public GeneratedSample(int children, ulong seed)
    {
        Folder = Path.Combine(root, "files");
        TruthFile = Path.Combine(root, "truth.csv");
        Summary = DatasetGenerator.Run(new GenerationRequest(children, seed, Folder, TruthFile, null, GenerationProfile.Sample()));
        var folder = ExchangeFolder.Inspect(Folder);
        if (folder.Skipped.Count > 0)
        {
            throw new InvalidOperationException($"the generator wrote a file the reader refuses: {folder.Skipped[0].FileName}: {folder.Skipped[0].Reason}");
        }

        // Agency order, as dx link reads a folder.
        Records = [.. folder.Files.OrderBy(file => file.Agency).SelectMany(file => file.ReadRows()).Select(row => row.Record!)];
    }

    /// <summary>The five agency files, and nothing else.</summary>
    public string Folder { get; }

    /// <summary>agency,source_id,person_id for every record, outside <see cref="Folder"/>.</summary>
    public string TruthFile { get; }

    public GenerationSummary Summary { get; }

    public IReadOnlyList<SourceRecord> Records { get; }

    public void Dispose() => Directory.Delete(root, recursive: true);
}
