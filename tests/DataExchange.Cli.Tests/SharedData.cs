namespace DataExchange.Cli.Tests;

/// <summary>
/// The shared test data (../shared/data beside the repository, as CI lays it out), found by walking up
/// from the test binaries to the folder holding DataExchange.sln; DX_SHARED_DATA overrides it.
/// </summary>
internal static class SharedData
{
    public static string Folder { get; } = Locate();

    public static string Sample => Path.Combine(Folder, "sample");

    public static string SampleTruth => Path.Combine(Folder, "sample-truth.csv");

    private static string Locate()
    {
        if (Environment.GetEnvironmentVariable("DX_SHARED_DATA") is { Length: > 0 } configured)
        {
            return configured;
        }

        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "DataExchange.sln")))
            {
                return Path.GetFullPath(Path.Combine(folder.FullName, "..", "shared", "data"));
            }
        }

        throw new DirectoryNotFoundException("Could not find DataExchange.sln above the test binaries; set DX_SHARED_DATA to the shared data folder.");
    }
}
