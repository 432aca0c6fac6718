using DataExchange.Testing;

namespace DataExchange.Cli.Tests;

/// <summary>dx link --partitions N --partition K, then --merge: the same links.csv and review.csv as one dx link.</summary>
public sealed class PartitionedLinkTests : IDisposable
{
    private readonly GeneratedSample sample = new(children: 1_500, seed: 1314);
    private readonly string work = Directory.CreateTempSubdirectory("dx-partitioned-").FullName;

    public void Dispose()
    {
        sample.Dispose();
        Directory.Delete(work, recursive: true);
    }

    [Fact]
    public async Task ThreePartitionsRunAsSeparateProcessesMergeIntoTheSingleRunsFiles()
    {
        var single = await Dx.RunAsync(sample.Folder, "link", ".", "--out", Path.Combine(work, "single"));
        var parts = Path.Combine(work, "parts");
        for (var k = 0; k < 3; k++)
        {
            var partition = await Dx.RunAsync(sample.Folder, "link", ".", "--partitions", "3", "--partition", $"{k}", "--out", parts);
            Assert.Equal(0, partition.ExitCode);
        }

        var merged = await Dx.RunAsync(sample.Folder, "link", ".", "--merge", parts, "--out", Path.Combine(work, "merged"), "--truth", sample.TruthFile);

        Assert.Equal((0, 0), (single.ExitCode, merged.ExitCode));
        Assert.Equal(File.ReadAllText(Path.Combine(work, "single", "links.csv")), File.ReadAllText(Path.Combine(work, "merged", "links.csv")));
        Assert.Equal(File.ReadAllText(Path.Combine(work, "single", "review.csv")), File.ReadAllText(Path.Combine(work, "merged", "review.csv")));
        Assert.Contains("precision", merged.Output);
    }

    [Fact]
    public async Task AMergeWithAPartitionMissingSaysWhichAndWritesNothing()
    {
        var parts = Path.Combine(work, "parts");
        await Dx.RunAsync(sample.Folder, "link", ".", "--partitions", "2", "--partition", "0", "--out", parts);

        var merged = await Dx.RunAsync(sample.Folder, "link", ".", "--merge", parts, "--out", Path.Combine(work, "merged"));

        Assert.Equal(2, merged.ExitCode);
        Assert.Contains("missing: 1", merged.Error);
        Assert.DoesNotContain("   at ", merged.Error);
        Assert.False(Directory.Exists(Path.Combine(work, "merged")));
    }

    [Fact]
    public async Task APartitionWithoutOutOrWithKOutOfRangeIsRefused()
    {
        var noOut = await Dx.RunAsync(sample.Folder, "link", ".", "--partitions", "2", "--partition", "0");
        var outOfRange = await Dx.RunAsync(sample.Folder, "link", ".", "--partitions", "2", "--partition", "2", "--out", work);

        Assert.Equal((2, 2), (noOut.ExitCode, outOfRange.ExitCode));
        Assert.Contains("--out PARTS", noOut.Error);
        Assert.Contains("0 <= K < N", outOfRange.Error);
    }
}
