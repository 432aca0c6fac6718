using System.Text;
using DataExchange.Domain.Normalization;

namespace DataExchange.Matching.Features;

/// <summary>
/// A child's name as the comparisons see it: the simplified Han characters (separators and spaces
/// removed), the toneless pinyin key (letters only, so 张梓涵, 張梓涵, ZHANG ZIHAN and Zhang Zi Han agree),
/// and the syllable codes for "one character missing or different" checks.
/// </summary>
public sealed class NameFeatures
{
    public static readonly NameFeatures Empty = new("", "", []);

    public NameFeatures(string han, string pinyin, ushort[] syllables)
    {
        Han = han;
        Pinyin = pinyin;
        Syllables = syllables;
    }

    public string Han { get; }
    public string Pinyin { get; }
    public ushort[] Syllables { get; }
    public bool IsEmpty => Pinyin.Length == 0 && Han.Length == 0;

    public static NameFeatures From(string? raw)
    {
        var value = PersonNames.Normalize(raw);
        if (value.Length == 0)
        {
            return Empty;
        }

        var hasHan = false;
        foreach (var character in value)
        {
            hasHan |= Text.IsHan(character);
        }

        return hasHan ? FromHan(value) : Romanisation.Parse(value);
    }

    private static NameFeatures FromHan(string value)
    {
        var han = new StringBuilder(value.Length);
        var pinyin = new StringBuilder(value.Length * 4);
        var syllables = new List<ushort>(value.Length);
        foreach (var raw in value)
        {
            if (!Text.IsHan(raw))
            {
                // Separators (·) and stray Latin letters carry no identity in a Han name.
                continue;
            }

            var character = Hanzi.Fold(raw);
            var code = Hanzi.Syllable(character, asSurname: han.Length == 0);
            han.Append(character);
            syllables.Add(code);
            pinyin.Append(code == 0 ? character.ToString() : Hanzi.Spell(code));
        }

        return new NameFeatures(han.ToString(), pinyin.ToString(), [.. syllables]);
    }
}
