using DataExchange.Domain.Agencies;
using DataExchange.Domain.Reconciliation;
using static DataExchange.Domain.Tests.Reconciliation.Linked;

namespace DataExchange.Domain.Tests.Reconciliation;

public class ConflictDetectorTests
{
    // 511181201808049524: born 2018-08-04, sequence 952 (even: female), valid check character.
    private const string Id = "511181201808049524";

    [Fact]
    public void TheAuthorityAndASchoolDisagreeingOnTheBirthDateIsAConflict()
    {
        var records = new[] { Household("PU1", ("birth_date", "2018-08-04")), School("ED1", ("birth_date", "2018-08-05")) };

        var conflict = Assert.Single(ConflictDetector.Detect(records));

        Assert.Equal((ConflictKind.AuthorityDisagreement, "birth_date"), (conflict.Kind, conflict.Field));
        Assert.Equal(["2018-08-04", "2018-08-05"], conflict.Values.Select(value => value.Value));
    }

    [Fact]
    public void AgreementOrNoAuthorityIsNoConflict()
    {
        Assert.Empty(ConflictDetector.Detect([Household("PU1", ("name", "张梓涵")), School("ED1", ("name", "张梓涵"))]));
        Assert.Empty(ConflictDetector.Detect([School("ED1", ("name", "张梓涵")), Welfare("CI1", ("name", "张子涵"))]));
    }

    [Fact]
    public void AnIdWhoseBirthDateContradictsTheStatedOneIsAConflict()
    {
        var conflict = Assert.Single(ConflictDetector.Detect([Household("PU1", ("id_number", Id), ("birth_date", "2012-08-04"))]));

        Assert.Equal(ConflictKind.IdBirthDateMismatch, conflict.Kind);
        Assert.Contains("ID says 2018-08-04", conflict.Values[0].Value);
    }

    [Fact]
    public void AnIdWhoseSexContradictsTheStatedOneIsAConflict() =>
        Assert.Equal(ConflictKind.IdSexMismatch, Assert.Single(ConflictDetector.Detect([Household("PU1", ("id_number", Id), ("sex", "M"))])).Kind);

    [Fact]
    public void ACertificateCarryingAnotherIdIsAConflict()
    {
        var record = Record(Agency.DisabledFederation, "DI1", null, 1, ("id_number", Id), ("disability_cert_no", "51118120180804952942"));

        Assert.Equal(ConflictKind.CertificateIdMismatch, Assert.Single(ConflictDetector.Detect([record])).Kind);
    }

    [Fact]
    public void AStudentNumberCarryingAnotherIdIsAConflict()
    {
        var matching = School("ED1", ("id_number", Id), ("student_no", "G" + Id));
        var other = School("ED2", ("id_number", Id), ("student_no", "G511181201808049532"));

        var conflict = Assert.Single(ConflictDetector.Detect([matching, other]));

        Assert.Equal((ConflictKind.StudentNumberIdMismatch, "ED2"), (conflict.Kind, conflict.Values[0].Record.SourceId));
    }

    [Fact]
    public void AConflictKeepsItsKeyWhenValuesChange()
    {
        var before = ConflictDetector.Detect([Household("PU1", ("name", "张梓涵")), School("ED1", ("name", "张子涵"))]).Single();
        var after = ConflictDetector.Detect([Household("PU1", ("name", "张梓涵")), School("ED1", ("name", "张紫涵"))]).Single();

        Assert.Equal(before.Key, after.Key);
    }
    [Fact]
    public void AuthorityDisagreementsAreThoseTheRuleNames()
    {
        // Random children (few values, so that authorities agree, disagree among themselves, or meet dissent), against
        // the rule as written down: the authority's values and every other value none of them holds, in record order.
        var random = new Random(20261203);
        var agencies = AgencyCodes.All.ToArray();
        for (var child = 0; child < 5_000; child++)
        {
            var records = Enumerable.Range(0, random.Next(1, 7))
                .Select(i => Record(agencies[random.Next(agencies.Length)], "R" + i, null, 1, ("name", random.Next(3) == 0 ? "" : "N" + random.Next(3)), ("sex", "S" + random.Next(2))))
                .ToList();

            foreach (var field in new[] { "name", "sex" })
            {
                var rule = SurvivorshipRules.Find(field)!;
                var withValue = records.Where(record => record.Value(field).Length > 0).ToList();
                var authorities = withValue.Where(record => rule.AuthorityRank(record.Agency) == 0).ToList();
                var held = authorities.Select(record => record.Value(field)).ToHashSet();
                var dissenters = withValue.Where(record => rule.AuthorityRank(record.Agency) != 0 && !held.Contains(record.Value(field))).ToList();
                var expected = authorities.Count == 0 || (dissenters.Count == 0 && held.Count == 1)
                    ? null
                    : authorities.Concat(dissenters).Select(record => (record.SourceId, record.Value(field))).ToList();

                var found = ConflictDetector.Detect(records).SingleOrDefault(conflict => conflict.Kind == ConflictKind.AuthorityDisagreement && conflict.Field == field);

                Assert.Equal(expected, found?.Values.Select(value => (value.Record.SourceId, value.Value)).ToList());
            }
        }
    }
}
