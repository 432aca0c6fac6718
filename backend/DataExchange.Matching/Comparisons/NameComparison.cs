using DataExchange.Matching.Features;

namespace DataExchange.Matching.Comparisons;

/// <summary>
/// The child's name. Traditional forms are folded to simplified before "exact"; homophones (李娜/李纳) and
/// romanised names (ZHANG ZIHAN) meet on the toneless pinyin key. The exact and pinyin levels are
/// term-frequency adjusted by the scorer: a common name agreeing says less than a rare one.
/// </summary>
public sealed class NameComparison : IComparison
{
    public const int Null = 0, Exact = 1, SamePinyin = 2, FuzzyPinyin = 3, OneMissing = 4, OneDifferent = 5, SameSurname = 6, Else = 7;

    public string Name => "name";

    public IReadOnlyList<string> Levels { get; } =
    [
        "null", "exact (after simplified folding)", "same toneless pinyin (homophone, romanised)",
        "same fuzzy pinyin (zh/z, sh/s, n/l, in/ing)",
        "one character missing", "one character different", "same surname only", "else",
    ];

    public int Compare(RecordFeatures a, RecordFeatures b)
    {
        var x = a.Name;
        var y = b.Name;
        if (x.IsEmpty || y.IsEmpty)
        {
            return Null;
        }

        if (x.Han.Length > 0 && string.Equals(x.Han, y.Han, StringComparison.Ordinal))
        {
            return Exact;
        }

        if (string.Equals(x.Pinyin, y.Pinyin, StringComparison.Ordinal))
        {
            return SamePinyin;
        }

        if (string.Equals(x.FuzzyPinyin, y.FuzzyPinyin, StringComparison.Ordinal))
        {
            return FuzzyPinyin;
        }

        // Han strings first (exact characters), then syllables (homophones, romanised names).
        if (Edits.IsOneMissing(x.Han.AsSpan(), y.Han.AsSpan()) || Edits.IsOneMissing<ushort>(x.Syllables, y.Syllables))
        {
            return OneMissing;
        }

        if (Edits.IsOneDifferent<ushort>(x.Syllables, y.Syllables) && x.Syllables.Length >= 2)
        {
            return OneDifferent;
        }

        return x.Syllables.Length > 0 && y.Syllables.Length > 0 && x.Syllables[0] == y.Syllables[0] && x.Syllables[0] != 0
            ? SameSurname
            : Else;
    }
}
