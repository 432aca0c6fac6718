namespace DataExchange.Matching.Comparisons;

/// <summary>The small edit checks the comparisons share; allocation-free.</summary>
public static class Edits
{
    /// <summary>Same length and either exactly one position differs or two adjacent positions are swapped.</summary>
    public static bool IsOneTypoOrSwap(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        var first = -1;
        var count = 0;
        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i])
            {
                if (++count > 2)
                {
                    return false;
                }

                if (first < 0)
                {
                    first = i;
                }
            }
        }

        return count == 1 || (count == 2 && b.Length > first + 1 && a[first] == b[first + 1] && a[first + 1] == b[first]);
    }

    /// <summary>The longer sequence is the shorter with one element inserted.</summary>
    public static bool IsOneMissing<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b)
        where T : IEquatable<T>
    {
        if (a.Length == b.Length + 1)
        {
            var shorter = b;
            b = a;
            a = shorter;
        }

        if (b.Length != a.Length + 1 || a.Length == 0)
        {
            return false;
        }

        var i = 0;
        while (i < a.Length && a[i].Equals(b[i]))
        {
            i++;
        }

        return a[i..].SequenceEqual(b[(i + 1)..]);
    }

    /// <summary>Same length, exactly one position differs.</summary>
    public static bool IsOneDifferent<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b)
        where T : IEquatable<T>
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        var count = 0;
        for (var i = 0; i < a.Length && count < 2; i++)
        {
            if (!a[i].Equals(b[i]))
            {
                count++;
            }
        }

        return count == 1;
    }
}
