using DataExchange.Domain.Agencies;
using DataExchange.Domain.Records;
using DataExchange.Matching.Incremental;
using DataExchange.Matching.Linking;
using DataExchange.Matching.Scoring;
using DataExchange.Matching.Training;

namespace DataExchange.Matching.Tests;

/// <summary>Whole-engine outcomes on tiny literal record sets, with the shipped model.</summary>
public class DecisionTests
{
    private static readonly Scorer Scorer = new(ModelFile.Default());

    private static int[] Link(params SourceRecord[] records) =>
        new BatchLinker(Scorer).Link(BatchLinker.Extract(records)).ClusterOf;

    // The twins' household as every agency records it.
    private const string Address = "四川省乐山市沐川县兴兴镇坪安村1组61号", Phone = "15364039202", Mother = "戴奕颖";

    [Fact]
    public void TwinsAreKeptApartThoughTheyShareBirthDateParentsAddressAndPhone()
    {
        var clusters = Link(
            Records.Raw(Agency.PublicSecurity, Records.ValidId("511129", "20150307", "123"), "张梓涵", "F", "2015-03-07", "511129", Address, mother: Mother, source: "P1"),
            Records.Raw(Agency.PublicSecurity, Records.ValidId("511129", "20150307", "145"), "张梓萱", "F", "2015-03-07", "511129", Address, mother: Mother, source: "P2"),
            Records.Raw(Agency.Health, "", "张梓涵", "F", "2015-03-07", "511129", Address, Phone, Mother, source: "H1"),   // twin 1, no ID
            Records.Raw(Agency.Health, "", "张梓萱", "F", "2015-03-07", "511129", Address, Phone, Mother, source: "H2"));  // twin 2, no ID

        Assert.Equal(clusters[0], clusters[2]);          // each twin's health record goes to that twin
        Assert.Equal(clusters[1], clusters[3]);
        Assert.NotEqual(clusters[0], clusters[1]);       // and the twins stay two children
    }

    [Fact]
    public void TwoRegisterEntriesWithDifferentValidIdsAreNeverOneChild()
    {
        var clusters = Link(
            Records.Raw(Agency.PublicSecurity, Records.ValidId("511129", "20150307", "123"), "王芳", "F", "2015-03-07", "511129", Address, mother: Mother, source: "P1"),
            Records.Raw(Agency.PublicSecurity, Records.ValidId("511129", "20150307", "124"), "王芳", "F", "2015-03-07", "511129", Address, mother: Mother, source: "P2"),
            Records.Raw(Agency.Health, "", "王芳", "F", "2015-03-07", "511129", Address, Phone, Mother, source: "H1"));

        Assert.NotEqual(clusters[0], clusters[1]);
    }

    [Fact]
    public void ATypoedIdIsStillLinkedThroughNameBirthDateAndGuardian()
    {
        var id = Records.ValidId("511129", "20110503", "737");
        var typo = id[..10] + (id[10] == '0' ? '1' : '0') + id[11..];     // one digit of the birth month mistyped
        var clusters = Link(
            Records.Raw(Agency.Education, id, "戴雨文", "F", "2011-05-03", "511129", Address, Phone, Mother, student: "G" + id, source: "E1"),
            Records.Raw(Agency.CivilAffairs, typo, "戴雨文", "F", "2011-05-03", "511129", "沐川县兴兴镇坪安村1组61号", Phone, Mother, source: "C1"));

        Assert.Equal(clusters[0], clusters[1]);
    }

    [Fact]
    public void ARomanisedNameIsLinkedToTheHanName()
    {
        var clusters = Link(
            Records.Raw(Agency.Education, "", "张梓涵", "F", "2015-03-07", "511129", Address, Phone, Mother, source: "E1"),
            Records.Raw(Agency.Health, "", "ZHANG Zi Han", "F", "20150307", "511129", "沐川县兴兴镇坪安村1组61号", Phone, Mother, source: "H1"));

        Assert.Equal(clusters[0], clusters[1]);
    }

    [Fact]
    public void ASiblingsIdInTheWrongRecordDoesNotMergeTheSiblings()
    {
        var older = Records.ValidId("511129", "20110503", "737");
        var clusters = Link(
            Records.Raw(Agency.PublicSecurity, older, "张伟", "M", "2011-05-03", "511129", Address, mother: Mother, source: "P1"),
            Records.Raw(Agency.Health, older, "张梓涵", "F", "2015-03-07", "511129", Address, Phone, Mother, source: "H1"));   // younger sister, brother's ID

        Assert.NotEqual(clusters[0], clusters[1]);
    }

    [Fact]
    public void TheIndexLinksANewRecordToTheChildTheBatchFound()
    {
        SourceRecord[] known =
        [
            Records.Raw(Agency.PublicSecurity, Records.ValidId("511129", "20150307", "123"), "张梓涵", "F", "2015-03-07", "511129", Address, mother: Mother, source: "P1"),
            Records.Raw(Agency.PublicSecurity, Records.ValidId("511129", "20150307", "145"), "张梓萱", "F", "2015-03-07", "511129", Address, mother: Mother, source: "P2"),
        ];
        var features = BatchLinker.Extract(known);
        var batch = new BatchLinker(Scorer).Link(features);
        var index = new ChildIndex(features, batch.ClusterOf, Scorer, Features.TermFrequencies.Count(features));

        var decision = index.Decide(Records.Raw(Agency.Health, "", "張梓萱", "F", "2015/03/07", "511129", Address, Phone, Mother, source: "H9"));

        Assert.Equal(DecisionKind.Link, decision.Kind);
        Assert.Equal(batch.ClusterOf[1], decision.Child);
    }
}
