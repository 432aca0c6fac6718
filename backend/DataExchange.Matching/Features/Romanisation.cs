using System.Text;

namespace DataExchange.Matching.Features;

/// <summary>
/// Reads a romanised name (ZHANG ZIHAN, Zhang Zi Han, ZHANGZIHAN, Lyu Na) into the same pinyin key and
/// syllable codes a Han name gets, so the two spellings meet on pinyin.
/// </summary>
public static class Romanisation
{
    public static NameFeatures Parse(string value)
    {
        var letters = new StringBuilder(value.Length);
        var syllables = new List<ushort>(6);
        foreach (var token in value.ToLowerInvariant().Split([' ', '·', '-', '\''], StringSplitOptions.RemoveEmptyEntries))
        {
            var folded = Fold(token);
            letters.Append(folded);
            Segment(folded, syllables);
        }

        return letters.Length == 0 ? NameFeatures.Empty : new NameFeatures("", letters.ToString(), [.. syllables]);
    }

    // ü, v and the Hanyu Pinyin "yu" after l/n all stand for the one vowel the table spells u.
    private static string Fold(string token)
    {
        var builder = new StringBuilder(token.Length);
        foreach (var character in token)
        {
            if (character is >= 'a' and <= 'z')
            {
                builder.Append(character == 'v' ? 'u' : character);
            }
            else if (character is 'ü')
            {
                builder.Append('u');
            }
        }

        return builder.Replace("lyu", "lu").Replace("nyu", "nu").ToString();
    }

    /// <summary>Splits letters into the fewest Mandarin syllables (xian stays one, not xi-an); unknown letters are skipped.</summary>
    private static void Segment(string letters, List<ushort> output)
    {
        var n = letters.Length;
        var best = new int[n + 1];
        var cut = new int[n + 1];
        Array.Fill(best, int.MaxValue);
        best[0] = 0;
        for (var end = 1; end <= n; end++)
        {
            for (var start = Math.Max(0, end - 6); start < end; start++)
            {
                if (best[start] != int.MaxValue && best[start] + 1 < best[end] && Hanzi.Lookup(letters.AsSpan(start, end - start)) != 0)
                {
                    best[end] = best[start] + 1;
                    cut[end] = start;
                }
            }
        }

        if (best[n] == int.MaxValue)
        {
            return;
        }

        var codes = new Stack<ushort>();
        for (var end = n; end > 0; end = cut[end])
        {
            codes.Push(Hanzi.Lookup(letters.AsSpan(cut[end], end - cut[end])));
        }

        output.AddRange(codes);
    }
}
