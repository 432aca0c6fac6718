using DataExchange.Api.FunctionalTests.Infrastructure;
using DataExchange.Contracts.V1;

namespace DataExchange.Api.FunctionalTests.Reconciliation;

/// <summary>One crafted child per test: a birth date and name of its own, so tests sharing a hub never link to each other.</summary>
public sealed record Kid(string Name, DateOnly Birth, int Sequence = 1)
{
    public string Id => Records.IdNumber(Sequence, Birth);
    public string Sex => Sequence % 2 == 1 ? "M" : "F";
    public string Iso => Birth.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public ChildRecord Household(string sourceId) => new()
    {
        SourceId = sourceId, IdNumber = Id, Name = Name, Sex = Sex, BirthDate = Iso, RegionCode = "511102",
        Address = "四川省乐山市市中区凤南村4组44号",
        PublicSecurity = new PublicSecurityDetails { HouseholdNo = "5111023612" + Sequence.ToString("D4", System.Globalization.CultureInfo.InvariantCulture), FatherName = "王建国", MotherName = "刘秀英" },
    };

    public ChildRecord Student(string sourceId, string status = "enrolled", string? name = null) => new()
    {
        SourceId = sourceId, IdNumber = Id, Name = name ?? Name, Sex = Sex, BirthDate = Iso, RegionCode = "511102",
        Education = new EducationDetails { StudentNo = "G" + Id, SchoolName = "乐山市实验小学", Grade = "4", EnrollmentStatus = status, GuardianName = "王建国", GuardianPhone = "13975220167" },
    };

    public ChildRecord Welfare(string sourceId, string category, string lastVisit) => new()
    {
        SourceId = sourceId, IdNumber = Id, Name = Name, Sex = Sex, BirthDate = Iso, RegionCode = "511102",
        CivilAffairs = new CivilAffairsDetails { Category = category, GuardianName = "王建国", GuardianRelation = "grandparent", ParentsStatus = "both_away", LastVisitDate = lastVisit },
    };

    public ChildRecord Disability(string sourceId) => new()
    {
        SourceId = sourceId, IdNumber = Id, Name = Name, Sex = Sex, BirthDate = Iso, RegionCode = "511102",
        DisabledFederation = new DisabilityDetails { DisabilityCertNo = Id + "42", DisabilityCategory = "4", DisabilityLevel = "2", GuardianName = "王建国" },
    };
}
