namespace DataExchange.ExchangeFiles.Reading;

/// <summary>
/// A folder of agency exchange files as every verb sees it: each .csv and .xlsx file inspected by
/// <see cref="AgencyFile.Inspect"/> in name order, ready to read or skipped with its reason.
/// </summary>
public sealed record ExchangeFolder(IReadOnlyList<AgencyFile> Files, IReadOnlyList<SkippedFile> Skipped)
{
    public static ExchangeFolder Inspect(string directory, FileEncoding encoding = FileEncoding.Auto)
    {
        var paths = Directory.EnumerateFiles(directory)
            .Where(path => AgencyFile.Extensions.Contains(Path.GetExtension(path).ToLowerInvariant()))
            // Not Excel's lock file of an open workbook.
            .Where(path => !Path.GetFileName(path).StartsWith("~$", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToArray();
        // Each file's check is a pass over all its bytes (hash and strict decode) and files are independent: checked on
        // every core, reported in name order as before.
        var inspected = new (AgencyFile? File, SkippedFile? Skipped)[paths.Length];
        Parallel.For(0, paths.Length, i => inspected[i] = AgencyFile.Inspect(paths[i], encoding));
        var files = inspected.Where(pair => pair.File is not null).Select(pair => pair.File!).ToList();
        var skipped = inspected.Where(pair => pair.File is null).Select(pair => pair.Skipped!).ToList();
        return new ExchangeFolder(files, skipped);
    }
}
