using DataExchange.Domain.Agencies;
using DataExchange.Matching.Clustering;
using DataExchange.Matching.Features;

namespace DataExchange.Matching.Evaluation;

/// <summary>
/// Pairwise quality against a truth file, over all record pairs:
/// <list type="bullet">
/// <item>precision = pairs in one predicted child that are one true person / pairs in one predicted child;</item>
/// <item>recall = pairs in one predicted child that are one true person / pairs that are one true person;</item>
/// <item>reach = true pairs a steward gets to see linked: the two records are in one predicted child, or a
/// review pair joins their two predicted children (accepting it would link them) / pairs that are one true person;</item>
/// <item>review per 100 = review pairs per 100 input records;</item>
/// <item>false merges = predicted-together pairs of different people. The truth file does not say who is a
/// twin or a sibling, so they are recognised by their records: a shared household (address with family, or
/// family alone) makes a sibling pair, and the same stated birth date on top makes a twin pair.</item>
/// </list>
/// </summary>
public sealed record PairwiseEvaluation(
    long TruePairs, long PredictedPairs, long CorrectPairs, long ReachedPairs, int ReviewPairs, int Records,
    long FalseMergePairs, long TwinLikeFalseMerges, long SiblingLikeFalseMerges)
{
    public double Precision => PredictedPairs == 0 ? 1 : (double)CorrectPairs / PredictedPairs;
    public double Recall => TruePairs == 0 ? 1 : (double)CorrectPairs / TruePairs;
    public double Reach => TruePairs == 0 ? 1 : (double)ReachedPairs / TruePairs;
    public double ReviewPer100 => Records == 0 ? 0 : 100.0 * ReviewPairs / Records;

    public static PairwiseEvaluation Evaluate(
        IReadOnlyList<RecordFeatures> records, int[] clusterOf, IReadOnlyList<ReviewPair> review, IReadOnlyDictionary<(Agency, string), string> truth) =>
        Evaluate(records, clusterOf, [.. review.Select(pair => (pair.A, pair.B))], truth);

    public static PairwiseEvaluation Evaluate(
        IReadOnlyList<RecordFeatures> records, int[] clusterOf, IReadOnlyCollection<(int A, int B)> review, IReadOnlyDictionary<(Agency, string), string> truth) =>
        Evaluate(records, clusterOf, review, TruthLabels.PersonOf(records, truth));

    public static PairwiseEvaluation Evaluate(IReadOnlyList<RecordFeatures> records, int[] clusterOf, IReadOnlyList<ReviewPair> review, int[] person) =>
        Evaluate(records, clusterOf, [.. review.Select(pair => (pair.A, pair.B))], person);

    /// <param name="person">Person number per record (<see cref="TruthLabels.PersonOf"/>).</param>
    public static PairwiseEvaluation Evaluate(IReadOnlyList<RecordFeatures> records, int[] clusterOf, IReadOnlyCollection<(int A, int B)> review, int[] person)
    {
        var reviewed = new HashSet<(int, int)>();
        foreach (var pair in review)
        {
            int a = clusterOf[pair.A], b = clusterOf[pair.B];
            reviewed.Add((Math.Min(a, b), Math.Max(a, b)));
        }

        long truePairs = 0, predicted = 0, correct = 0, reached = 0, falseMerges = 0, twinLike = 0, siblingLike = 0;
        var household = new Comparisons.HouseholdComparison();
        TruthLabels.ForEachGroup(person, members =>
        {
            for (var x = 0; x < members.Length; x++)
            {
                for (var y = x + 1; y < members.Length; y++)
                {
                    truePairs++;
                    int ca = clusterOf[members[x]], cb = clusterOf[members[y]];
                    if (ca == cb || reviewed.Contains((Math.Min(ca, cb), Math.Max(ca, cb))))
                    {
                        reached++;
                    }
                }
            }
        });

        TruthLabels.ForEachGroup(clusterOf, members =>
        {
            for (var x = 0; x < members.Length; x++)
            {
                for (var y = x + 1; y < members.Length; y++)
                {
                    predicted++;
                    if (person[members[x]] == person[members[y]])
                    {
                        correct++;
                        continue;
                    }

                    falseMerges++;
                    RecordFeatures a = records[members[x]], b = records[members[y]];
                    if (household.Compare(a, b) is >= Comparisons.HouseholdComparison.AddressAndPhone and <= Comparisons.HouseholdComparison.FamilyMoved
                        and not Comparisons.HouseholdComparison.Address)
                    {
                        if (a.Birth != 0 && a.Birth == b.Birth)
                        {
                            twinLike++;
                        }
                        else
                        {
                            siblingLike++;
                        }
                    }
                }
            }
        });

        return new PairwiseEvaluation(truePairs, predicted, correct, reached, review.Count, records.Count, falseMerges, twinLike, siblingLike);
    }
}
