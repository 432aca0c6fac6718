using DataExchange.Matching.Features;

namespace DataExchange.Matching.Comparisons;

/// <summary>
/// The citizen ID numbers, including those read out of student and certificate numbers; the best-agreeing
/// pair of IDs decides. Whether the check character is valid is its own level, so the model learns what
/// that is worth on the data (on the sample, check characters are mostly wrong, on real data mostly right).
/// </summary>
public sealed class IdNumberComparison : IComparison
{
    public const int Null = 0, ExactValid = 1, ExactInvalid = 2, OneTypo = 3, DifferentValid = 4, Else = 5;

    public string Name => "id_number";

    public IReadOnlyList<string> Levels { get; } =
    [
        "null", "exact, valid check character", "exact, wrong check character",
        "one digit mistyped or two adjacent swapped", "two different valid IDs", "else",
    ];

    public int Compare(RecordFeatures a, RecordFeatures b)
    {
        if (a.Ids.Length == 0 || b.Ids.Length == 0)
        {
            return Null;
        }

        var best = Else;
        for (var i = 0; i < a.Ids.Length; i++)
        {
            for (var j = 0; j < b.Ids.Length; j++)
            {
                var level = CompareOne(a.Ids[i], a.IdValid[i], b.Ids[j], b.IdValid[j]);
                if (level < best)
                {
                    best = level;
                }
            }
        }

        return best;
    }

    private static int CompareOne(string a, bool aValid, string b, bool bValid)
    {
        if (string.Equals(a, b, StringComparison.Ordinal))
        {
            return aValid ? ExactValid : ExactInvalid;
        }

        if (Edits.IsOneTypoOrSwap(a, b))
        {
            return OneTypo;
        }

        return aValid && bValid ? DifferentValid : Else;
    }
}
