using System.Text.RegularExpressions;
using DataExchange.ExchangeFiles.Generation;
using DataExchange.Domain.Agencies;
using DataExchange.Domain.Identifiers;
using DataExchange.Domain.Normalization;

namespace DataExchange.Cli.Tests;

/// <summary>
/// Each error kind is observed in the files themselves, by comparing a record with the same child's household-register
/// record (the truth file says which that is), not by trusting the generator's own log, and must come out near its rate.
/// </summary>
public partial class ErrorRateTests(GeneratedData data) : IClassFixture<GeneratedData>
{
    private static readonly GenerationProfile Profile = GenerationProfile.Sample();
    private const string TraditionalForms = "張劉陳楊黃吳趙孫馬鄭謝韓馮鄧許羅龍葉蘇鍾陸湯寧偉濤軍華麗鳳傑鴻曉詩語夢穎澤錦銘鵬銀艷蘭剛樂軒東飛龔閆顧鄒嚴賀蔣韋盧萬諾凱陽遠國書賈錢蕭譚園";

    public static TheoryData<string> Kinds => new(Enum.GetValues<ErrorKind>().Select(k => k.ToCode()));

    [Theory]
    [MemberData(nameof(Kinds))]
    public void EachErrorKindAppearsAtRoughlyItsRate(string code)
    {
        Assert.True(ErrorKinds.TryParse(code, out var kind));
        var (eligible, observed, expected) = Observe(kind);
        var rate = (double)observed / eligible;
        Assert.True(eligible > 100, $"{code}: only {eligible} records could show it");
        Assert.True(rate >= expected * 0.6 && rate <= expected * 1.45,
            $"{code}: {observed} of {eligible} = {rate:P3}, expected about {expected:P3}");
    }

    private (int Eligible, int Observed, double Expected) Observe(ErrorKind kind)
    {
        var typed = data.Rows.Where(r => r.Agency != Agency.PublicSecurity && data.Register.ContainsKey(r.PersonId)).ToArray();
        var withId = typed.Where(r => r["id_number"].Length > 0).ToArray();
        var han = typed.Where(r => !Ref(r)["name"].Contains('·')).ToArray();
        var dated = typed.Where(r => DateSpellings.TryParse(r["birth_date"], out _)).ToArray();
        return kind switch
        {
            ErrorKind.IdMissing => Count(typed.Where(r => r.Agency == Agency.Health), r => r["id_number"].Length == 0, Profile.IdMissing(Agency.Health)),
            ErrorKind.IdDigitTypo => Count(withId, r => Differences(Id(r), RefId(r)) is [var i] && i < 17, Profile.Rate(kind)),
            ErrorKind.IdAdjacentSwap => Count(withId, r => Differences(Id(r), RefId(r)) is [var i, var j] && j == i + 1
                && Id(r)[i] == RefId(r)[j] && Id(r)[j] == RefId(r)[i], Profile.Rate(kind)),
            ErrorKind.IdSibling => Count(withId.Where(HasRegisteredSibling), r => Id(r) != RefId(r) && RegisteredIds.ContainsKey(Id(r)), Profile.Rate(kind)),
            ErrorKind.IdFullWidth => Count(withId, r => r["id_number"].Any(c => c is >= '０' and <= '９'), Profile.Rate(kind)),
            ErrorKind.IdSpaces => Count(withId, r => r["id_number"].Contains(' ') || r["id_number"].Contains('-'), Profile.Rate(kind)),
            ErrorKind.IdLowerX => Count(data.Rows.Where(r => Id(r).EndsWith('X')), r => r["id_number"][^1] is 'x' or 'ｘ', Profile.Rate(kind)),
            ErrorKind.NamePinyin => Count(han, r => r["name"].Any(char.IsAsciiLetter), Profile.Rate(kind)),
            ErrorKind.NameHomophone => Count(han, r => r["name"].Length == Ref(r)["name"].Length && !r["name"].Any(IsTraditionalOrAscii)
                && Differences(r["name"], Ref(r)["name"]).Count == 1, Profile.Rate(kind)),
            ErrorKind.NameTraditional => Count(han.Where(r => Ref(r)["name"].Any(c => NameVariants.Traditional(c.ToString()) is not null)),
                r => r["name"].Any(TraditionalForms.Contains), Profile.Rate(kind)),
            ErrorKind.NameDroppedChar => Count(han.Where(r => Ref(r)["name"].Length >= 3), r => r["name"].Length == Ref(r)["name"].Length - 1
                && IsSubsequence(r["name"], Ref(r)["name"]), Profile.Rate(kind)),
            ErrorKind.NameSpace => Count(han, r => (r["name"].Contains(' ') || r["name"].Contains('\u3000')) && !r["name"].Any(char.IsAsciiLetter), Profile.Rate(kind)),
            ErrorKind.NameSeparator => Count(typed.Except(han), r => !r["name"].Contains('·'), Profile.Rate(kind)),
            ErrorKind.NameOld => Count(data.Register.Keys.Where(p => data.ByPerson[p].Count() >= 2), p => data.ByPerson[p].Any(r =>
                !r["name"].Any(IsTraditionalOrAscii) && Levenshtein(r["name"], data.Register[p]["name"]) >= 2), Profile.Rate(kind)),
            ErrorKind.DateMissing => Count(typed, r => r["birth_date"].Length == 0, Profile.Rate(kind)),
            ErrorKind.DateSpelling => Count(typed.Where(r => r["birth_date"].Length > 0), r => !IsoDate().IsMatch(r["birth_date"]), Profile.Rate(kind)),
            ErrorKind.DateDayOff => Count(dated, r => Math.Abs(Date(r).DayNumber - TrueDate(r).DayNumber) == 1, Profile.Rate(kind)),
            ErrorKind.DateDigit => Count(dated, r => Math.Abs(Date(r).DayNumber - TrueDate(r).DayNumber) > 1
                && Differences(DateDigits(Date(r)), DateDigits(TrueDate(r))).Count == 1, Profile.Rate(kind)),
            ErrorKind.DateDayMonthSwap => Count(dated.Where(r => TrueDate(r).Day <= 12 && TrueDate(r).Day != TrueDate(r).Month),
                r => Date(r) == FieldErrors.DayMonthSwap(TrueDate(r)), Profile.Rate(kind)),
            ErrorKind.SexWrong => Count(withId.Where(r => Id(r) == RefId(r)), r => r["sex"] != CitizenIdNumber.Check(RefId(r)).Parsed!.Sex.ToCode(), Profile.Rate(kind)),
            // A moved family's new county shows in three of four non-register records (the rest are stale).
            ErrorKind.MovedRegion => Count(typed, r => r["region_code"] != Ref(r)["region_code"], Profile.Rate(kind) * 0.75),
            ErrorKind.AddressShort => Count(data.Rows, r => !Regions.All.Any(g => r["address"].StartsWith(g.Province, StringComparison.Ordinal)), Profile.Rate(kind)),
            ErrorKind.DuplicateRecord => Count(data.Rows.Where(r => r.Agency is Agency.Education or Agency.Health).GroupBy(r => (r.PersonId, r.Agency)),
                g => g.Count() > 1, Profile.Rate(kind)),
            ErrorKind.NoRegistration => Count(data.Rows.Where(r => r.Agency == Agency.Education), r => r["student_no"].StartsWith('L'), Profile.Rate(kind)),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "no observation written for this kind"),
        };
    }

    private static (int, int, double) Count<T>(IEnumerable<T> eligible, Func<T, bool> shows, double expected)
    {
        var items = eligible.ToArray();
        return (items.Length, items.Count(shows), expected);
    }

    private Row Ref(Row row) => data.Register[row.PersonId];

    private static string Id(Row row) => CitizenIdNumber.Normalize(row["id_number"]);

    private string RefId(Row row) => Id(Ref(row));

    private DateOnly TrueDate(Row row) => CitizenIdNumber.Check(RefId(row)).Parsed!.BirthDate;

    private static DateOnly Date(Row row) => DateSpellings.TryParse(row["birth_date"], out var date) ? date : default;

    private static string DateDigits(DateOnly date) => date.ToString("yyyyMMdd");

    private Dictionary<string, string> RegisteredIds => _registeredIds ??= data.Register.Values.ToDictionary(Id, r => r.PersonId);
    private Dictionary<string, string>? _registeredIds;

    private bool HasRegisteredSibling(Row row) =>
        (_families ??= data.Register.Values.ToLookup(r => r["father_id_number"]))[Ref(row)["father_id_number"]].Count() > 1;
    private ILookup<string, Row>? _families;

    private static bool IsTraditionalOrAscii(char c) => char.IsAscii(c) || TraditionalForms.Contains(c);

    private static List<int> Differences(string a, string b)
    {
        var positions = new List<int>();
        if (a.Length != b.Length)
        {
            return [-1, -1, -1];
        }

        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i]) positions.Add(i);
        }

        return positions;
    }

    private static bool IsSubsequence(string shorter, string longer)
    {
        var i = 0;
        foreach (var c in longer)
        {
            if (i < shorter.Length && shorter[i] == c) i++;
        }

        return i == shorter.Length;
    }

    private static int Levenshtein(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$")]
    private static partial Regex IsoDate();
}
