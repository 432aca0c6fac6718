using DataExchange.Contracts.V1;
using DataExchange.Domain.Identifiers;

namespace DataExchange.Api.FunctionalTests.Infrastructure;

/// <summary>Well-formed test records: IDs with correct check characters, unique per test via a prefix.</summary>
public static class Records
{
    /// <summary>A valid ID number for a child born on 2015-03-07 in Leshan's central district; the sequence picks the child.</summary>
    public static string IdNumber(int sequence, DateOnly? birth = null)
    {
        var date = birth ?? new DateOnly(2015, 3, 7);
        var first17 = $"511102{date:yyyyMMdd}{sequence % 1000:D3}";
        return first17 + CitizenIdNumber.ComputeCheckCharacter(first17);
    }

    public static ChildRecord Household(string sourceId, int sequence, string name = "张梓涵") => new()
    {
        SourceId = sourceId,
        IdNumber = IdNumber(sequence),
        Name = name,
        Sex = sequence % 2 == 1 ? "M" : "F",
        BirthDate = "2015-03-07",
        RegionCode = "511102",
        Address = "四川省乐山市市中区凤南村4组44号",
        PublicSecurity = new PublicSecurityDetails
        {
            HouseholdNo = "51110236124842",
            FatherName = "张建国",
            MotherName = "李秀英",
        },
    };

    public static ChildRecord Student(string sourceId, int sequence, string name = "张梓涵") => new()
    {
        SourceId = sourceId,
        IdNumber = IdNumber(sequence),
        Name = name,
        Sex = sequence % 2 == 1 ? "M" : "F",
        BirthDate = "2015/03/07",
        RegionCode = "511102",
        Education = new EducationDetails
        {
            StudentNo = "G" + IdNumber(sequence),
            SchoolName = "乐山市实验小学",
            Grade = "4",
            EnrollmentStatus = "enrolled",
            GuardianName = "张建国",
            GuardianPhone = "13975220167",
        },
    };

    public static IEnumerable<ChildRecord> HouseholdBatch(string prefix, int count) =>
        Enumerable.Range(0, count).Select(i => Household($"{prefix}{i:D6}", i));
}
