using System.Text;

namespace DataExchange.Domain.Normalization;

/// <summary>
/// Name clean-up on the way in. Only spelling noise is removed here; homophones, traditional forms and
/// pinyin are the matching engine's business, and the raw value is always kept beside this one.
/// </summary>
public static class PersonNames
{
    /// <summary>The separator minority names (阿依古丽·买买提) are normalised to: U+00B7 MIDDLE DOT.</summary>
    public const char Separator = '·';

    // Look-alikes clerks type for the middle dot: bullet, katakana dot, hyphenation point, dot operators, full stops.
    private static readonly HashSet<char> SeparatorLookAlikes =
        ['·', '•', '・', '‧', '∙', '⋅', '･', '.', '。', '．', '－', '-', '_', '=', '＝'];

    public static string Normalize(string? raw)
    {
        var value = Text.Clean(raw);
        if (value.Length == 0 || !value.Any(Text.IsHan))
        {
            // A romanised name: one space between syllable groups is meaningful, case is not.
            return value.ToUpperInvariant();
        }

        var builder = new StringBuilder(value.Length);
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (var p = 0; p < parts.Length; p++)
        {
            if (p > 0)
            {
                // A space between two long parts separates a minority name's parts (古丽 买买提);
                // a space inside a two- or three-character Han name is a typing slip (张 伟).
                builder.Append(IsMinorityBoundary(parts[p - 1], parts[p]) ? Separator : "");
            }

            foreach (var character in parts[p])
            {
                builder.Append(SeparatorLookAlikes.Contains(character) ? Separator : character);
            }
        }

        return CollapseSeparators(builder.ToString());
    }

    private static bool IsMinorityBoundary(string left, string right) => left.Length >= 2 && right.Length >= 2 && left.Length + right.Length >= 5;

    private static string CollapseSeparators(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var character in value)
        {
            if (character == Separator && (builder.Length == 0 || builder[^1] == Separator))
            {
                continue;
            }

            builder.Append(character);
        }

        if (builder.Length > 0 && builder[^1] == Separator)
        {
            builder.Length--;
        }

        return builder.ToString();
    }
}
