using DataExchange.Domain.Agencies;
using DataExchange.Matching.Blocking;
using DataExchange.Matching.Linking;

namespace DataExchange.Matching.Tests;

public class BlockingTests
{
    [Fact]
    public void EachCandidatePairIsComparedOnceHoweverManyRulesFindIt()
    {
        var id = Records.ValidId("511129", "20150307", "123");
        // Three records of one child: same ID, name, birth date, phone and village. Every rule finds every pair.
        var records = BatchLinker.Extract(
        [
            Records.Raw(Agency.Education, id, "张梓涵", "F", "2015-03-07", "511129", "兴兴镇坪安村1组61号", "15364039202", student: "G" + id, source: "E1"),
            Records.Raw(Agency.Health, id, "张梓涵", "F", "2015-03-07", "511129", "兴兴镇坪安村1组61号", "15364039202", source: "H1"),
            Records.Raw(Agency.CivilAffairs, id, "张梓涵", "F", "2015-03-07", "511129", "兴兴镇坪安村1组61号", "15364039202", source: "C1"),
        ]);
        var pairs = new List<(int, int)>();

        new CandidatePairs(records, BlockingRules.Default).ForEach(() => pairs, (a, b, list) => list.Add((a, b)), _ => { });

        Assert.Equal([(0, 1), (0, 2), (1, 2)], pairs.Order().ToList());
    }

    [Fact]
    public void AChildWithNeitherIdNorBirthDateIsStillACandidateThroughNameAndVillage()
    {
        var records = BatchLinker.Extract(
        [
            Records.Raw(Agency.PublicSecurity, Records.ValidId("511129", "20150307", "123"), "张梓涵", "F", "2015-03-07", "511129", "沐川县兴兴镇坪安村1组61号", source: "P1"),
            Records.Raw(Agency.Health, "", "张梓涵", "F", "", "511129", "兴兴镇坪安村1组61号", "15364039202", source: "H1"),
        ]);
        var pairs = new List<(int, int)>();

        new CandidatePairs(records, BlockingRules.Default).ForEach(() => pairs, (a, b, list) => list.Add((a, b)), _ => { });

        Assert.Equal([(0, 1)], pairs);
    }
}
