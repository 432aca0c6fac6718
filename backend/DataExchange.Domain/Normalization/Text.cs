using System.Text;

namespace DataExchange.Domain.Normalization;

/// <summary>Character-level clean-up shared by every field.</summary>
public static class Text
{
    /// <summary>
    /// Folds full-width ASCII (U+FF01–U+FF5E) and the ideographic space to their half-width forms;
    /// clerks on Chinese input methods type digits and letters full-width.
    /// </summary>
    public static string ToHalfWidth(string value)
    {
        if (!NeedsFolding(value))
        {
            return value;
        }

        var builder = new StringBuilder(value.Length);
        foreach (var character in value)
        {
            builder.Append(character switch
            {
                '\u3000' => ' ',
                >= '\uFF01' and <= '\uFF5E' => (char)(character - 0xFEE0),
                _ => character,
            });
        }

        return builder.ToString();
    }

    /// <summary>Half-width, trimmed, with runs of white space collapsed to one space.</summary>
    public static string Clean(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        var folded = ToHalfWidth(value).Trim();
        return folded.Contains("  ", StringComparison.Ordinal) || folded.Contains('\t')
            ? string.Join(' ', folded.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
            : folded;
    }

    /// <summary>True for a CJK unified ideograph (the characters of Chinese names).</summary>
    public static bool IsHan(char character) =>
        character is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF' or >= '\uF900' and <= '\uFAFF';

    private static bool NeedsFolding(string value)
    {
        foreach (var character in value)
        {
            if (character is '\u3000' or >= '\uFF01' and <= '\uFF5E')
            {
                return true;
            }
        }

        return false;
    }
}
