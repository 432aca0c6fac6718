using DataExchange.Matching.Comparisons;

namespace DataExchange.Matching.Training;

/// <summary>
/// m = P(level | same child) by expectation-maximisation over the blocked candidate pairs. The candidates
/// are a two-class mixture (same child / different children); EM fits both classes' level shares and the
/// mixing share. Only m is kept: the candidates' non-matches share a name or a date by construction, so
/// their level shares are not u — u comes from random sampling (<see cref="UEstimator"/>).
/// </summary>
public static class EmTrainer
{
    public sealed record Result(double[][] M, double MatchShare, double ExpectedMatches, int Iterations);

    public static Result Fit(LevelCounts candidates, IReadOnlyList<IComparison> comparisons, int maxIterations = 60)
    {
        var k = comparisons.Count;
        var m = new double[k][];
        var uc = new double[k][];
        for (var c = 0; c < k; c++)
        {
            var levels = comparisons[c].Levels.Count;
            // Start from "agreeing levels are likely for matches": level 1 (exact) heavy, "else" light.
            m[c] = new double[levels];
            uc[c] = new double[levels];
            for (var l = 1; l < levels; l++)
            {
                m[c][l] = l == 1 ? 0.9 : 0.1 / (levels - 2);
                uc[c][l] = 1.0 / (levels - 1);
            }
        }

        var patterns = candidates.Patterns.ToArray();
        var share = 0.3;
        var iterations = 0;
        double expected = 0;
        for (; iterations < maxIterations; iterations++)
        {
            var mCounts = m.Select(levels => new double[levels.Length]).ToArray();
            var uCounts = m.Select(levels => new double[levels.Length]).ToArray();
            expected = 0;
            foreach (var (pattern, count) in patterns)
            {
                double pm = share, pu = 1 - share;
                for (var c = 0; c < k; c++)
                {
                    var level = LevelCounts.Level(pattern, c);
                    if (level != 0)
                    {
                        pm *= m[c][level];
                        pu *= uc[c][level];
                    }
                }

                var w = pm / (pm + pu);
                expected += w * count;
                for (var c = 0; c < k; c++)
                {
                    var level = LevelCounts.Level(pattern, c);
                    mCounts[c][level] += w * count;
                    uCounts[c][level] += (1 - w) * count;
                }
            }

            var newShare = expected / candidates.Pairs;
            var change = Math.Abs(newShare - share);
            share = newShare;
            for (var c = 0; c < k; c++)
            {
                // m is floored at 1e-3: an error kind the training data lacks still happens in real data, so no single
                // disagreeing level may veto a pair on its own ("no single field decides").
                var next = Probabilities.Normalise(mCounts[c], floor: 1e-3);
                for (var l = 1; l < next.Length; l++)
                {
                    change = Math.Max(change, Math.Abs(next[l] - m[c][l]));
                }

                m[c] = next;
                uc[c] = Probabilities.Normalise(uCounts[c], floor: 1e-5);
            }

            if (change < 1e-6)
            {
                break;
            }
        }

        return new Result(m, share, expected, iterations);
    }
}
