namespace DataExchange.ExchangeFiles.Reading;

/// <summary>
/// A folder of agency exchange files as every verb sees it: each .csv and .xlsx file inspected by
/// <see cref="AgencyFile.Inspect"/> in name order, ready to read or skipped with its reason.
/// </summary>
public sealed record ExchangeFolder(IReadOnlyList<AgencyFile> Files, IReadOnlyList<SkippedFile> Skipped)
{
    public static ExchangeFolder Inspect(string directory, FileEncoding encoding = FileEncoding.Auto)
    {
        var files = new List<AgencyFile>();
        var skipped = new List<SkippedFile>();
        var paths = Directory.EnumerateFiles(directory)
            .Where(path => AgencyFile.Extensions.Contains(Path.GetExtension(path).ToLowerInvariant()))
            // Not Excel's lock file of an open workbook.
            .Where(path => !Path.GetFileName(path).StartsWith("~$", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            var (file, skip) = AgencyFile.Inspect(path, encoding);
            if (file is not null)
            {
                files.Add(file);
            }
            else
            {
                skipped.Add(skip!);
            }
        }

        return new ExchangeFolder(files, skipped);
    }
}
