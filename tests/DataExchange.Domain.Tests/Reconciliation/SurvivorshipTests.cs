using DataExchange.Domain.Agencies;
using DataExchange.Domain.Reconciliation;
using static DataExchange.Domain.Tests.Reconciliation.Linked;

namespace DataExchange.Domain.Tests.Reconciliation;

public class SurvivorshipTests
{
    [Fact]
    public void TheAuthorityWinsAnIdentityFieldEvenWhenOthersAreNewerAndMoreNumerous()
    {
        var records = new[]
        {
            Household("PU1", ("name", "张梓涵")),
            Record(Agency.Education, "ED1", Monday.AddDays(5), 1, ("name", "张子涵")),
            Record(Agency.Health, "HE1", Monday.AddDays(6), 1, ("name", "张子涵")),
        };

        var name = Survivorship.Build(records).Fields["name"];

        Assert.Equal(("张梓涵", Agency.PublicSecurity, "PU1", SurvivorshipReason.Authority), (name.Value, name.Source.Agency, name.Source.SourceId, name.Reason));
    }

    [Fact]
    public void WithoutTheAuthorityTheMostRecentSourceWins()
    {
        var records = new[]
        {
            Record(Agency.Education, "ED1", Monday, 1, ("address", "旧地址")),
            Record(Agency.Health, "HE1", Monday.AddDays(3), 4, ("address", "新地址")),
        };

        var address = Survivorship.Build(records).Fields["address"];

        Assert.Equal(("新地址", "HE1", 4, SurvivorshipReason.MostRecent), (address.Value, address.Source.SourceId, address.Source.Version, address.Reason));
    }

    [Fact]
    public void SourcesOfTheSameDayAreDecidedByTheMajority()
    {
        var records = new[]
        {
            Record(Agency.Education, "ED1", Monday.AddHours(2), 1, ("guardian_phone", "13900000001")),
            Record(Agency.Health, "HE1", Monday.AddHours(1), 1, ("guardian_phone", "13900000002")),
            Record(Agency.Health, "HE2", Monday, 1, ("guardian_phone", "13900000002")),
        };

        var phone = Survivorship.Build(records).Fields["guardian_phone"];

        Assert.Equal(("13900000002", SurvivorshipReason.MostFrequent), (phone.Value, phone.Reason));
    }

    [Theory]
    [InlineData("school_name", Agency.Education)]
    [InlineData("enrollment_status", Agency.Education)]
    [InlineData("chronic_condition", Agency.Health)]
    [InlineData("disability_level", Agency.DisabledFederation)]
    [InlineData("category", Agency.CivilAffairs)]
    [InlineData("guardian_name", Agency.CivilAffairs)]
    [InlineData("father_name", Agency.PublicSecurity)]
    [InlineData("birth_date", Agency.PublicSecurity)]
    public void EachFieldHasTheAuthorityTheDomainTableNames(string field, Agency authority) =>
        Assert.Equal(0, SurvivorshipRules.Find(field)!.AuthorityRank(authority));

    [Fact]
    public void TheGuardianFallsBackToTheSchoolWhenCivilAffairsHasNone()
    {
        var records = new[] { School("ED1", ("guardian_name", "张建国")), Household("PU1", ("name", "张梓涵")) };

        var guardian = Survivorship.Build(records).Fields["guardian_name"];

        Assert.Equal(("张建国", Agency.Education), (guardian.Value, guardian.Source.Agency));
    }

    [Fact]
    public void AFieldNoSourceHoldsIsAbsent() =>
        Assert.False(Survivorship.Build([Household("PU1", ("name", "张梓涵"))]).Fields.ContainsKey("school_name"));
}
