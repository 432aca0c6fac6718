namespace DataExchange.Matching.Training;

internal static class Probabilities
{
    /// <summary>
    /// Shares of the non-null levels (index 0, null, stays 0: a missing value is no evidence). A level never
    /// seen gets <paramref name="floor"/> rather than 0, so no single level can be an absolute veto.
    /// </summary>
    public static double[] Normalise(IReadOnlyList<double> counts, double floor)
    {
        var total = 0.0;
        for (var l = 1; l < counts.Count; l++)
        {
            total += counts[l];
        }

        var result = new double[counts.Count];
        var sum = 0.0;
        for (var l = 1; l < counts.Count; l++)
        {
            result[l] = Math.Max(floor, total > 0 ? counts[l] / total : 1.0 / (counts.Count - 1));
            sum += result[l];
        }

        for (var l = 1; l < counts.Count; l++)
        {
            result[l] /= sum;
        }

        return result;
    }

    public static double[] Normalise(long[] counts, double floor) => Normalise([.. counts.Select(c => (double)c)], floor);
}
