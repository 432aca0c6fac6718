namespace DataExchange.ExchangeFiles.Generation;

/// <summary>
/// The truth (and the error log) answer the question the linkage engine is tested on, so they must never sit in
/// the folder the engine reads: a run over --out would otherwise see the answers.
/// </summary>
public static class OutputPaths
{
    /// <summary>DIR/../DIRNAME-truth.csv: beside the folder, never in it.</summary>
    public static string DefaultTruth(string outDirectory)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(outDirectory));
        return Path.Combine(Path.GetDirectoryName(full) ?? full, Path.GetFileName(full) + "-truth.csv");
    }

    /// <summary>A message saying why <paramref name="file"/> may not be used, or null when it lies outside the folder.</summary>
    public static string? ProblemWith(string outDirectory, string file, string what)
    {
        var folder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(outDirectory)) + Path.DirectorySeparatorChar;
        var full = Path.GetFullPath(file);
        return full.StartsWith(folder, StringComparison.Ordinal)
            ? $"the {what} file {full} is inside the --out folder {folder}; put it outside, so a linkage run over the folder cannot read the answers"
            : null;
    }
}
