namespace DataExchange.Matching.Blocking;

/// <summary>
/// Against a truth: true pairs (two records of one person) that no block compared, and how many of those shared a
/// rule's key before the bound split their block (lost to the bound rather than to the rules themselves).
/// </summary>
public sealed record BlockingLoss(long TruePairs, long NotCompared, long LostToBound)
{
    public static BlockingLoss Count(CandidatePairs candidates, int[] person)
    {
        var order = new int[person.Length];
        var sorted = (int[])person.Clone();
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(sorted, order);
        long truePairs = 0, notCompared = 0, lostToBound = 0;
        for (var start = 0; start < sorted.Length;)
        {
            var end = start + 1;
            while (end < sorted.Length && sorted[end] == sorted[start])
            {
                end++;
            }

            for (var x = start; x < end; x++)
            {
                for (var y = x + 1; y < end; y++)
                {
                    truePairs++;
                    if (!candidates.AreCandidates(order[x], order[y]))
                    {
                        notCompared++;
                        lostToBound += candidates.ShareAnUnsplitKey(order[x], order[y]) ? 1 : 0;
                    }
                }
            }

            start = end;
        }

        return new BlockingLoss(truePairs, notCompared, lostToBound);
    }
}
