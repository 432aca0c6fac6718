using DataExchange.Matching.Features;
using DataExchange.Matching.Incremental;
using DataExchange.Matching.Io;
using DataExchange.Matching.Linking;
using DataExchange.Matching.Scoring;
using DataExchange.Matching.Training;

namespace DataExchange.Matching.Tests;

/// <summary>
/// The batch run and the incremental index on the shared sample: every record, hidden from an index of
/// the batch's children, is decided again and must land where the batch put it.
/// </summary>
public class SampleAgreementTests
{
    private static readonly string SampleDirectory = FindSample();

    [Fact]
    public void BatchAndIncrementalDecisionsAgreeOnTheSample()
    {
        var scorer = new Scorer(ModelFile.Default());
        var records = BatchLinker.Extract(ExchangeFolder.Read(SampleDirectory));
        var batch = new BatchLinker(scorer).Link(records);
        var index = new ChildIndex(records, batch.ClusterOf, scorer, TermFrequencies.Count(records));
        var size = new int[batch.ClusterCount];
        foreach (var child in batch.ClusterOf)
        {
            size[child]++;
        }

        var disagreements = new List<string>();
        for (var i = 0; i < records.Length; i++)
        {
            var decision = index.Decide(records[i], exclude: i);
            var batchLinked = size[batch.ClusterOf[i]] > 1;
            var agrees = batchLinked
                ? decision.Kind == DecisionKind.Link && decision.Child == batch.ClusterOf[i]
                : decision.Kind != DecisionKind.Link;
            if (!agrees)
            {
                disagreements.Add($"{records[i].SourceId}: batch child {batch.ClusterOf[i]} (size {size[batch.ClusterOf[i]]}), incremental {decision.Kind} {decision.Child}");
            }
        }

        // Every record, not a share of them: the ingestion path must decide as the nightly batch would.
        Assert.True(disagreements.Count == 0, $"{disagreements.Count} of {records.Length} disagree:\n{string.Join("\n", disagreements.Take(20))}");
    }

    private static string FindSample()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "data", "sample");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return "/work/shared/data/sample";
    }
}
