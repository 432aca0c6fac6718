using System.Globalization;
using System.Text;

namespace DataExchange.ExchangeFiles.Generation;

/// <summary>The ID-number and birth-date slips clerks make (DOMAIN.md "Errors found in agency data").</summary>
public static class FieldErrors
{
    /// <summary>One of the first 17 digits replaced by another; the check character then no longer fits.</summary>
    public static string DigitTypo(string id, Rng rng)
    {
        var at = rng.Next(17);
        var digit = (char)('0' + (id[at] - '0' + rng.Next(1, 10)) % 10);
        return id[..at] + digit + id[(at + 1)..];
    }

    /// <summary>Two adjacent different characters swapped (MOD 11-2 catches every such swap).</summary>
    public static string? AdjacentSwap(string id, Rng rng)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var at = rng.Next(17);
            if (id[at] != id[at + 1])
            {
                return id[..at] + id[at + 1] + id[at] + id[(at + 2)..];
            }
        }

        return null;
    }

    /// <summary>Typed on a Chinese input method in full-width mode: ０-９ and Ｘ.</summary>
    public static string FullWidth(string id)
    {
        var builder = new StringBuilder(id.Length);
        foreach (var character in id)
        {
            builder.Append((char)(character + 0xFEE0));
        }

        return builder.ToString();
    }

    /// <summary>Spaces (or a dash) between region, birth date and sequence: 511181 20180804 9525.</summary>
    public static string Spaces(string id, Rng rng)
    {
        var separator = rng.Chance(0.8) ? " " : "-";
        return id[..6] + separator + id[6..14] + separator + id[14..];
    }

    /// <summary>One digit of the year, month or day off by one (2015 → 2016, 03 → 08 is a different key).</summary>
    public static DateOnly? DigitOff(DateOnly date, Rng rng)
    {
        var digits = date.ToString("yyyyMMdd", CultureInfo.InvariantCulture).ToCharArray();
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var at = rng.Next(2, 8);
            var copy = (char[])digits.Clone();
            copy[at] = (char)('0' + (copy[at] - '0' + rng.Next(1, 10)) % 10);
            if (DateOnly.TryParseExact(new string(copy), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var wrong) && wrong != date)
            {
                return wrong;
            }
        }

        return null;
    }

    public static DateOnly DayOff(DateOnly date, Rng rng) => date.AddDays(rng.Chance(0.5) ? 1 : -1);

    /// <summary>Day and month swapped (2015-03-07 → 2015-07-03); null when the day cannot be a month or equals it.</summary>
    public static DateOnly? DayMonthSwap(DateOnly date) =>
        date.Day <= 12 && date.Day != date.Month ? new DateOnly(date.Year, date.Day, Math.Min(date.Month, DateTime.DaysInMonth(date.Year, date.Day))) : null;

    /// <summary>The spellings the spec lists besides ISO.</summary>
    public static string OtherSpelling(DateOnly date, Rng rng) => rng.Next(4) switch
    {
        0 => date.ToString("yyyy/MM/dd", CultureInfo.InvariantCulture),
        1 => date.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
        2 => date.ToString("yyyy年MM月dd日", CultureInfo.InvariantCulture),
        _ => $"{date.Year}.{date.Month}.{date.Day}",
    };
}
