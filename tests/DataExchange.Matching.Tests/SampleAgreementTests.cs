using DataExchange.Matching.Features;
using DataExchange.Matching.Incremental;
using DataExchange.Matching.Linking;
using DataExchange.Matching.Scoring;
using DataExchange.Matching.Training;
using DataExchange.Testing;

namespace DataExchange.Matching.Tests;

/// <summary>
/// The batch run and the incremental index on a generated sample the size of the shared one (5,000 children, fixed
/// seed): every record, hidden from an index of the batch's children, is decided again and must land where the
/// batch put it.
/// </summary>
public sealed class SampleAgreementTests : IDisposable
{
    private readonly GeneratedSample sample = new(children: 5_000, seed: 20261202);

    public void Dispose() => sample.Dispose();

    [Fact]
    public void BatchAndIncrementalDecisionsAgreeOnTheSample()
    {
        var scorer = new Scorer(ModelFile.Default());
        var records = BatchLinker.Extract(sample.Records);
        Assert.True(records.Length > 14_000, $"{records.Length} records: the generator should make about three per child");
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
}
