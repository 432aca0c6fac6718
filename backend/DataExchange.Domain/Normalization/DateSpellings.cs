using System.Globalization;

namespace DataExchange.Domain.Normalization;

/// <summary>Reads the date spellings agencies use: 2015-03-07, 2015/03/07, 2015.3.7, 20150307, 2015年03月07日.</summary>
public static class DateSpellings
{
    public static bool TryParse(string? raw, out DateOnly date)
    {
        date = default;
        var value = Text.Clean(raw);
        if (value.Length == 0)
        {
            return false;
        }

        if (value.Length == 8 && value.All(char.IsAsciiDigit))
        {
            return TryCreate(value[..4], value[4..6], value[6..], out date);
        }

        // 年/月/日 and the separators all split the same three numbers.
        var parts = value.Split(['-', '/', '.', '年', '月', '日'], StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 3 && parts[0].Length == 4 && TryCreate(parts[0], parts[1], parts[2], out date);
    }

    public static string ToIso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static bool TryCreate(string year, string month, string day, out DateOnly date)
    {
        date = default;
        if (!int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out var y)
            || !int.TryParse(month, NumberStyles.None, CultureInfo.InvariantCulture, out var m)
            || !int.TryParse(day, NumberStyles.None, CultureInfo.InvariantCulture, out var d)
            || month.Length > 2 || day.Length > 2
            || y is < 1900 or > 2999 || m is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(y, m))
        {
            return false;
        }

        date = new DateOnly(y, m, d);
        return true;
    }
}
