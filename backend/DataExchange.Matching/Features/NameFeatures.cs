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
        FuzzyPinyin = FuzzyPinyinKey.Of(pinyin);
        // Hashed once per distinct name (names are shared across a batch): the blocking keys of every record read them.
        PinyinKeyHash = StableHash.Of(pinyin);
        FuzzyPinyinHash = StableHash.Of(FuzzyPinyin);
    }

    public string Han { get; }
    public string Pinyin { get; }
    public ushort[] Syllables { get; }

    /// <summary>The pinyin key with the sounds southern speakers merge folded together (zh/z, sh/s, n/l, in/ing, ...).</summary>
    public string FuzzyPinyin { get; }
    /// <summary><c>StableHash.Of(Pinyin)</c>, computed once.</summary>
    public ulong PinyinKeyHash { get; }

    /// <summary><c>StableHash.Of(FuzzyPinyin)</c>, computed once.</summary>
    public ulong FuzzyPinyinHash { get; }

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

    /// <summary>
    /// The hash of a name's pinyin key without building the features: the fast path for guardian and
    /// parent names, which are only ever compared for equality. Equal to hashing <c>From(raw).Pinyin</c>.
    /// </summary>
    public static ulong PinyinHash(string? raw)
    {
        if (string.IsNullOrEmpty(raw))
        {
            return 0;
        }

        var hash = 14695981039346656037UL;
        var first = true;
        foreach (var character in raw)
        {
            if (!Text.IsHan(character))
            {
                if (character is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '\uFF21' and <= '\uFF5A')
                {
                    // Romanised (or mixed): take the slow, exact path.
                    var name = From(raw);
                    return name.IsEmpty ? 0 : StableHash.Of(name.Pinyin);
                }

                continue;
            }

            var folded = Hanzi.Fold(character);
            var code = Hanzi.Syllable(folded, asSurname: first);
            first = false;
            hash = code == 0 ? StableHash.Of([folded], hash) : StableHash.Of(Hanzi.Spell(code), hash);
        }

        return first ? 0 : hash;
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
