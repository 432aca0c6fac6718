using System.Globalization;
using DataExchange.Domain.Agencies;
using DataExchange.Domain.Identifiers;
using DataExchange.Domain.Records;

namespace DataExchange.Cli.Bench;

/// <summary>
/// Deterministic education records for benchmarks: valid ID numbers, plausible names and addresses.
/// Not a test-data generator (that is dx generate); just enough realism that normalisation does real work.
/// </summary>
public static class SyntheticRecords
{
    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙"];
    private static readonly string[] Given = ["伟", "芳", "娜", "敏", "静", "磊", "洋", "艳", "勇", "军", "杰", "涛", "明", "超", "秀英"];
    private static readonly (string Code, string Place)[] Regions =
    [
        ("511102", "四川省乐山市市中区"), ("511133", "四川省乐山市马边彝族自治县"), ("450103", "广西壮族自治区南宁市青秀区"),
        ("500113", "重庆市巴南区"), ("370285", "山东省青岛市莱西市"),
    ];

    public static IEnumerable<SourceRecord> Education(int count, int seed = 20261122)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var (region, place) = Regions[random.Next(Regions.Length)];
            var birth = new DateOnly(2008, 1, 1).AddDays(random.Next(365 * 15));
            var sex = random.Next(2) == 0 ? "M" : "F";
            var sequence = random.Next(50) * 10 + (sex == "M" ? 1 : 2) + random.Next(4) * 2;
            var first17 = region + birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + sequence.ToString("000", CultureInfo.InvariantCulture);
            var id = first17 + CitizenIdNumber.ComputeCheckCharacter(first17);
            var surname = Surnames[random.Next(Surnames.Length)];
            yield return new SourceRecord
            {
                Agency = Agency.Education,
                SourceId = "BE" + i.ToString("D9", CultureInfo.InvariantCulture),
                IdNumber = id,
                Name = surname + Given[random.Next(Given.Length)] + Given[random.Next(Given.Length)],
                Sex = sex,
                BirthDate = DateSpellings(birth),
                RegionCode = region,
                Address = $"{place}{Given[random.Next(Given.Length)]}安村{random.Next(1, 12)}组{random.Next(1, 90)}号",
                DetailsAgency = Agency.Education,
                Details = new Dictionary<string, string>
                {
                    ["student_no"] = "G" + id,
                    ["school_name"] = place + "实验小学",
                    ["grade"] = random.Next(1, 10).ToString(CultureInfo.InvariantCulture),
                    ["enrollment_status"] = "enrolled",
                    ["guardian_name"] = surname + Given[random.Next(Given.Length)],
                    ["guardian_phone"] = "13" + random.Next(100_000_000, 999_999_999).ToString(CultureInfo.InvariantCulture),
                },
            };
        }
    }

    private static string DateSpellings(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
