using DataExchange.Matching.Comparisons;
using DataExchange.Matching.Features;

namespace DataExchange.Matching.Training;

/// <summary>
/// u = P(level | different children), estimated as Splink does by comparing random record pairs: among
/// n records almost every random pair is two different children, so their level shares are u.
/// </summary>
public static class UEstimator
{
    public static double[][] Estimate(IReadOnlyList<RecordFeatures> records, IReadOnlyList<IComparison> comparisons, int samples, int seed = 20261122)
    {
        var counts = comparisons.Select(c => new long[c.Levels.Count]).ToArray();
        if (records.Count < 2)
        {
            throw new InvalidOperationException("Training needs at least two records.");
        }

        var random = new Random(seed);
        for (var s = 0; s < samples; s++)
        {
            var a = random.Next(records.Count);
            var b = random.Next(records.Count - 1);
            b = b >= a ? b + 1 : b;
            for (var c = 0; c < comparisons.Count; c++)
            {
                counts[c][comparisons[c].Compare(records[a], records[b])]++;
            }
        }

        return [.. counts.Select(level => Probabilities.Normalise(level, floor: 0.5 / samples))];
    }
}
