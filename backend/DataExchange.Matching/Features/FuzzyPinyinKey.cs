using System.Text;

namespace DataExchange.Matching.Features;

/// <summary>
/// Fuzzy pinyin (模糊音), as input methods in Sichuan, Chongqing and Guangxi offer it: zh/z, ch/c, sh/s,
/// n/l, and -ng/-n are typed interchangeably, so 张诗涵 is entered as 张思涵. Folding the letters of the
/// pinyin key the same way on both sides makes those near-homophones agree. Applied to the whole key
/// (not per syllable) so that romanised names, whose syllable boundaries are unknown, fold alike.
/// </summary>
public static class FuzzyPinyinKey
{
    public static string Of(string pinyin)
    {
        if (pinyin.Length == 0)
        {
            return "";
        }

        var builder = new StringBuilder(pinyin.Length);
        for (var i = 0; i < pinyin.Length; i++)
        {
            var character = pinyin[i];
            var next = i + 1 < pinyin.Length ? pinyin[i + 1] : '\0';
            if (character is 'z' or 'c' or 's' && next == 'h')
            {
                builder.Append(character);
                i++;
            }
            else if (character == 'n' && next == 'g')
            {
                builder.Append('n');
                i++;
            }
            else
            {
                builder.Append(character == 'l' ? 'n' : character);
            }
        }

        return builder.ToString();
    }
}
