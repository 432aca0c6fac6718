using DataExchange.Domain.Agencies;
using DataExchange.Matching.Blocking;
using DataExchange.Matching.Features;
using DataExchange.Matching.Incremental;
using DataExchange.Matching.Linking;
using DataExchange.Matching.Scoring;
using DataExchange.Matching.Training;

namespace DataExchange.Matching.Tests;

/// <summary>A block far above the bound (a welfare home's phone on thousands of records) is split, never skipped.</summary>
public class LargeBlockTests
{
    private const string Surnames = "张王李赵刘陈杨黄周吴";
    private const string Given = "安博春丹恩芳刚海杰凯兰明宁鹏琴瑞森涛伟欣雅志华军玲梅强秀云勇";
    private const string Phone = "02885551234";

    // Children with no ID, no birth date and no address: the shared phone is the only block their two records meet in.
    private static RecordFeatures[] WelfareHome(int children)
    {
        var raw = new List<Domain.Records.SourceRecord>();
        for (var c = 0; c < children; c++)
        {
            var name = $"{Surnames[c % Surnames.Length]}{Given[c / Surnames.Length % Given.Length]}{Given[c / (Surnames.Length * Given.Length) % Given.Length]}";
            var sex = c % 2 == 0 ? "F" : "M";
            raw.Add(Records.Raw(Agency.Education, name: name, sex: sex, phone: Phone, source: $"E{c}"));
            raw.Add(Records.Raw(Agency.Health, name: name, sex: sex, phone: Phone, source: $"H{c}"));
        }

        return BatchLinker.Extract(raw);
    }

    [Fact]
    public void ABlockOfThousandsIsSplitAndEveryTruePairInItIsCompared()
    {
        var records = WelfareHome(1500);
        var candidates = new CandidatePairs(records, BlockingRules.Default, maxBlockSize: 200);
        var pairs = new HashSet<(int, int)>();

        candidates.ForEach(() => new List<(int, int)>(), (a, b, list) => list.Add((a, b)), pairs.UnionWith);

        for (var c = 0; c < 1500; c++)
        {
            Assert.Contains((2 * c, 2 * c + 1), pairs);
        }

        Assert.Equal(1, candidates.SplitBlocks);
        Assert.True(candidates.LargestBlock <= 200, $"largest block {candidates.LargestBlock}");
        // Split by sex, then by name: far fewer than the 4.5 million pairs of the whole block.
        Assert.True(pairs.Count < 20_000, $"{pairs.Count} pairs");
    }

    [Fact]
    public void TheBatchLinksEveryChildOfTheLargeBlockAndCountsNoTruePairLost()
    {
        var records = WelfareHome(1500);
        var person = Enumerable.Range(0, records.Length).Select(i => i / 2).ToArray();
        var linker = new BatchLinker(new Scorer(ModelFile.Default(), records.Length), maxBlockSize: 200);

        var result = linker.Link(records, person: person);

        Assert.Equal(new BlockingLoss(1500, 0, 0), result.BlockingLoss);
        Assert.Equal(0, result.BlocksAboveBound);
    }

    [Fact]
    public void APartThatAgreesOnEverySplittingFieldIsComparedWhole()
    {
        // 300 records alike in every field the bound splits by: nothing tells them apart, so all 44,850 pairs are compared.
        var records = BatchLinker.Extract([.. Enumerable.Range(0, 300).Select(i => Records.Raw(Agency.Health, name: "张安博", sex: "F", phone: Phone, source: $"H{i}"))]);
        var candidates = new CandidatePairs(records, BlockingRules.Default, maxBlockSize: 200);
        long pairs = 0;

        candidates.ForEach(() => new long[1], (_, _, count) => count[0]++, count => pairs += count[0]);

        Assert.Equal(300 * 299 / 2, pairs);
        Assert.Equal(1, candidates.BlocksAboveBound);
    }

    [Fact]
    public void TheIncrementalIndexFindsANewcomersRecordInsideTheLargeBlock()
    {
        var records = WelfareHome(1500);
        var childOf = Enumerable.Range(0, records.Length).Select(i => i / 2).ToArray();
        var frequencies = TermFrequencies.Count(records);
        frequencies.ApplyAll(records);
        var scorer = new Scorer(ModelFile.Default(), records.Length);
        var index = new ChildIndex(records, childOf, scorer, frequencies, maxBlockSize: 200);

        var decision = index.Decide(records[1001], exclude: 1001);

        Assert.Equal((DecisionKind.Link, 500), (decision.Kind, decision.Child));
    }
}
