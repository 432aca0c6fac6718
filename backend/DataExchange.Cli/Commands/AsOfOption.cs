using System.Globalization;

namespace DataExchange.Cli.Commands;

/// <summary>--as-of YYYY-MM-DD: the day generated dates are relative to and discovery rules judge against; default today.</summary>
internal static class AsOfOption
{
    public static DateOnly Parse(string? value, out string? problem)
    {
        problem = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return DateOnly.FromDateTime(DateTime.Now);
        }

        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        problem = $"--as-of '{value}' is not a date: use YYYY-MM-DD (or leave it out for today)";
        return default;
    }
}
