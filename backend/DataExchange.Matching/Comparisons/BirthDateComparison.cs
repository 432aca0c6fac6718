using DataExchange.Matching.Features;

namespace DataExchange.Matching.Comparisons;

/// <summary>The stated birth date: exact, a day or one digit off, day and month swapped, same month, else.</summary>
public sealed class BirthDateComparison : IComparison
{
    public const int Null = 0, Exact = 1, OneOff = 2, DayMonthSwapped = 3, SameMonth = 4, Else = 5;

    public string Name => "birth_date";

    public IReadOnlyList<string> Levels { get; } =
        ["null", "exact", "a day off or one digit mistyped", "day and month swapped", "same year and month", "else"];

    public int Compare(RecordFeatures a, RecordFeatures b)
    {
        if (a.Birth == 0 || b.Birth == 0)
        {
            return Null;
        }

        if (a.Birth == b.Birth)
        {
            return Exact;
        }

        if (Math.Abs(a.BirthDay - b.BirthDay) == 1 || OneDigitOff(a.Birth, b.Birth))
        {
            return OneOff;
        }

        int ay = a.Birth / 10000, am = a.Birth / 100 % 100, ad = a.Birth % 100;
        int by = b.Birth / 10000, bm = b.Birth / 100 % 100, bd = b.Birth % 100;
        if (ay == by && am == bd && ad == bm)
        {
            return DayMonthSwapped;
        }

        return ay == by && am == bm ? SameMonth : Else;
    }

    private static bool OneDigitOff(int a, int b)
    {
        var differing = 0;
        for (var i = 0; i < 8; i++, a /= 10, b /= 10)
        {
            if (a % 10 != b % 10 && ++differing > 1)
            {
                return false;
            }
        }

        return differing == 1;
    }
}
