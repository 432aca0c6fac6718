using System.Text;
using DataExchange.Matching.Features;

namespace DataExchange.Reconciliation.Children;

/// <summary>A name's toneless pinyin, lower case without spaces (张伟 → zhangwei), for search by pinyin.</summary>
public static class NamePinyin
{
    public static string Of(string name)
    {
        var pinyin = new StringBuilder(name.Length * 4);
        var first = true;
        foreach (var character in name)
        {
            if (char.IsAsciiLetter(character))
            {
                pinyin.Append(char.ToLowerInvariant(character));
            }
            else if (character >= '\u3400' && Hanzi.Syllable(character, asSurname: first) is var code and > 0)
            {
                pinyin.Append(Hanzi.Spell(code));
            }

            first = false;
        }

        return pinyin.ToString();
    }

    /// <summary>What a pinyin query matches: letters only, lower case.</summary>
    public static string Query(string text) => new([.. text.Where(char.IsAsciiLetter).Select(char.ToLowerInvariant)]);
}
