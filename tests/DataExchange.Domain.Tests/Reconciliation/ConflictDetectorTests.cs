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
}
