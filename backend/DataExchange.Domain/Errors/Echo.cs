using System.Globalization;
using System.Text;

namespace DataExchange.Domain.Errors;

/// <summary>
/// How a caller's own input may appear in an error: short, and with nothing a terminal, log viewer or header
/// parser could act on. Errors travel in gRPC trailers, which clients cap (a few KB is common), so a 4 KB value
/// echoed whole turns a clear InvalidArgument into a ResourceExhausted that says nothing.
/// </summary>
public static class Echo
{
    /// <summary>Characters of a value quoted in a message: enough to recognise it, never enough to carry a payload.</summary>
    public const int MaxQuotedCharacters = 40;

    /// <summary>A value in quotes, escaped (control, format and unpaired surrogate characters as \uXXXX) and capped.</summary>
    public static string Quote(string? value) => "'" + Escape(value ?? "", MaxQuotedCharacters) + "'";

    /// <summary>Escapes what could not be shown safely and keeps at most <paramref name="maxCharacters"/> of the value.</summary>
    public static string Escape(string value, int maxCharacters)
    {
        var builder = new StringBuilder(Math.Min(value.Length, maxCharacters) + 16);
        var kept = 0;
        for (var i = 0; i < value.Length; i++)
        {
            if (kept == maxCharacters)
            {
                builder.Append(CultureInfo.InvariantCulture, $"… ({value.Length} characters)");
                break;
            }

            var character = value[i];
            if (char.IsHighSurrogate(character) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                builder.Append(character).Append(value[++i]);
            }
            else if (char.IsSurrogate(character) || char.IsControl(character)
                     || CharUnicodeInfo.GetUnicodeCategory(character) is UnicodeCategory.Format or UnicodeCategory.LineSeparator
                         or UnicodeCategory.ParagraphSeparator)
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)character:X4}");
            }
            else
            {
                builder.Append(character);
            }

            kept++;
        }

        return builder.ToString();
    }

    /// <summary>
    /// Text cut to at most <paramref name="maxUtf8Bytes"/> UTF-8 bytes (grpc-message is sent percent-encoded, so bytes,
    /// not characters, are what a client's header limit counts), never inside a character, marked when cut.
    /// </summary>
    public static string Bound(string text, int maxUtf8Bytes)
    {
        if (Encoding.UTF8.GetMaxByteCount(text.Length) <= maxUtf8Bytes || Encoding.UTF8.GetByteCount(text) <= maxUtf8Bytes)
        {
            return text;
        }

        const string Marker = " …";
        var budget = maxUtf8Bytes - Encoding.UTF8.GetByteCount(Marker);
        var used = 0;
        var end = 0;
        while (end < text.Length)
        {
            var width = char.IsHighSurrogate(text[end]) && end + 1 < text.Length && char.IsLowSurrogate(text[end + 1]) ? 2 : 1;
            var bytes = Encoding.UTF8.GetByteCount(text.AsSpan(end, width));
            if (used + bytes > budget)
            {
                break;
            }

            used += bytes;
            end += width;
        }

        return text[..end] + Marker;
    }
}
