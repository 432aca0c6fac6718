using DataExchange.Domain.Agencies;
using DataExchange.Matching.Blocking;
using DataExchange.Matching.Features;
using DataExchange.Matching.Io;
using DataExchange.Matching.Linking;
using DataExchange.Matching.Scoring;
using DataExchange.Matching.Training;
using DataExchange.Testing;

namespace DataExchange.Matching.Tests;

/// <summary>A partitioned run (blocks shared out by key hash, pairs merged and clustered once) equals the single run.</summary>
public class PartitionTests
{
    private static BatchLinker Linker(int records) => new(new Scorer(ModelFile.Default(), records));

    private static LinkResult Partitioned(RecordFeatures[] records, int count, string? folder = null)
    {
        var linker = Linker(records.Length);
        var partials = Enumerable.Range(0, count).Select(k => linker.LinkPartition(records, BlockPartition.Of(k, count))).ToList();
        if (folder is not null)
        {
            // Through the files, as separate processes would hand them over.
            var fingerprint = PartialLinkFile.Fingerprint(records);
            partials.ForEach(partial => PartialLinkFile.Write(folder, partial, fingerprint, records.Length));
            partials = PartialLinkFile.ReadAll(folder, fingerprint, records.Length);
        }

        return linker.Cluster(records, partials);
    }

    [Fact]
    public void TheMergeOfFourPartitionsEqualsTheSingleRun()
    {
        using var sample = new GeneratedSample(children: 2_000, seed: 1313);
        var records = BatchLinker.Extract(sample.Records);
        var folder = Directory.CreateTempSubdirectory("dx-partitions-").FullName;
        try
        {
            var single = Linker(records.Length).Link(records);
            var merged = Partitioned(records, 4, folder);

            Assert.Equal(single.ClusterOf, merged.ClusterOf);
            Assert.Equal(single.Comparisons, merged.Comparisons);
            Assert.Equal(single.PairsByRule, merged.PairsByRule);
            Assert.Equal(single.Review.Select(p => (p.A, p.B, p.Probability)), merged.Review.Select(p => (p.A, p.B, p.Probability)));
            Assert.True(single.ClusterCount < records.Length, "the sample links something");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void AChildWhoseFamilyMovedProvinceIsLinkedAcrossPartitions()
    {
        // Sichuan register and school share the ID; a Guangdong clinic after the move has no ID and meets the other two
        // only in the name-and-birth-date blocks. With the ID block in one partition and those blocks in the other,
        // no partition sees all three together; the merge links them as the single run does.
        for (var sequence = 100; sequence < 1000; sequence++)
        {
            var id = Records.ValidId("511129", "20150307", sequence.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var records = BatchLinker.Extract(
            [
                Records.Raw(Agency.PublicSecurity, id, "张梓涵", "F", "2015-03-07", "511129", "沐川县兴兴镇坪安村1组61号", source: "P1"),
                Records.Raw(Agency.Education, id, "张梓涵", "F", "2015-03-07", "511129", "兴兴镇坪安村1组61号", "13800001234", source: "E1"),
                Records.Raw(Agency.Health, "", "张梓涵", "F", "2015-03-07", "440106", "天河区石牌街道龙口社区5号", "13800001234", source: "H1"),
            ]);
            var linker = Linker(records.Length);
            var byPartition = Enumerable.Range(0, 2).Select(k => linker.LinkPartition(records, BlockPartition.Of(k, 2))).ToList();
            var registerAndSchool = byPartition.FindIndex(p => p.Pairs.Any(pair => (pair.A, pair.B) == (0, 1)));
            if (registerAndSchool < 0 || byPartition[registerAndSchool].Pairs.Any(pair => pair.B == 2))
            {
                continue;
            }

            var merged = linker.Cluster(records, byPartition);

            Assert.All(byPartition, partial => Assert.True(partial.Pairs.Count < 3));
            Assert.Equal(1, merged.ClusterCount);
            Assert.Equal(linker.Link(records).ClusterOf, merged.ClusterOf);
            return;
        }

        Assert.Fail("no ID put its block in another partition than the name-and-birth-date blocks");
    }

    [Fact]
    public void AMergeRefusesPartitionsMadeFromOtherInputOrWithOneMissing()
    {
        var records = BatchLinker.Extract([Records.Raw(Agency.Health, name: "张梓涵", source: "H1"), Records.Raw(Agency.Health, name: "张梓涵", source: "H2")]);
        var other = BatchLinker.Extract([Records.Raw(Agency.Health, name: "张梓涵", source: "H1"), Records.Raw(Agency.Health, name: "张梓涵", source: "H3")]);
        var folder = Directory.CreateTempSubdirectory("dx-partitions-").FullName;
        try
        {
            var linker = Linker(records.Length);
            PartialLinkFile.Write(folder, linker.LinkPartition(records, BlockPartition.Of(0, 2)), PartialLinkFile.Fingerprint(records), records.Length);

            var missing = Assert.Throws<InvalidDataException>(() => PartialLinkFile.ReadAll(folder, PartialLinkFile.Fingerprint(records), records.Length));
            Assert.Contains("missing: 1", missing.Message);
            PartialLinkFile.Write(folder, linker.LinkPartition(records, BlockPartition.Of(1, 2)), PartialLinkFile.Fingerprint(records), records.Length);
            var otherInput = Assert.Throws<InvalidDataException>(() => PartialLinkFile.ReadAll(folder, PartialLinkFile.Fingerprint(other), other.Length));
            Assert.Contains("other input", otherInput.Message);
            Assert.Equal(2, PartialLinkFile.ReadAll(folder, PartialLinkFile.Fingerprint(records), records.Length).Count);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
