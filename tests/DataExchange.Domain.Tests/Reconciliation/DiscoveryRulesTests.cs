using DataExchange.Domain.Agencies;
using DataExchange.Domain.Reconciliation;
using static DataExchange.Domain.Tests.Reconciliation.Linked;

namespace DataExchange.Domain.Tests.Reconciliation;

public class DiscoveryRulesTests
{
    private static readonly DateOnly Today = new(2026, 11, 22);

    private static IReadOnlyList<AlertFinding> Evaluate(params LinkedRecord[] records)
    {
        var golden = Survivorship.Build(records);
        return DiscoveryRules.Evaluate(records, golden, ConflictDetector.Detect(records), Today);
    }

    [Fact]
    public void AVulnerableChildWhoDroppedOutAlertsCivilAffairsAndEducation()
    {
        var findings = Evaluate(
            Welfare("CI1", ("category", "left_behind"), ("last_visit_date", "2026-11-01")),
            School("ED1", ("enrollment_status", "dropped_out"), ("birth_date", "2012-05-03")));

        Assert.Equal(
            [Agency.Education, Agency.CivilAffairs],
            findings.Where(f => f.Rule == AlertRule.VulnerableChildDroppedOut).Select(f => f.Agency).Order());
    }

    [Fact]
    public void ADropoutWhoIsNotRegisteredVulnerableRaisesNoDropoutAlert() =>
        Assert.DoesNotContain(Evaluate(School("ED1", ("enrollment_status", "dropped_out"))), f => f.Rule == AlertRule.VulnerableChildDroppedOut);

    [Fact]
    public void ADisabledMinorUnknownToCivilAffairsIsFlagged()
    {
        var certificateHolder = Record(Agency.DisabledFederation, "DI1", null, 1, ("birth_date", "2014-01-01"), ("disability_category", "4"));
        var adult = Record(Agency.DisabledFederation, "DI2", null, 1, ("birth_date", "2007-01-01"));

        Assert.Contains(Evaluate(certificateHolder), f => f.Rule == AlertRule.DisabledChildUnknownToCivilAffairs && f.Agency == Agency.CivilAffairs);
        Assert.DoesNotContain(Evaluate(adult), f => f.Rule == AlertRule.DisabledChildUnknownToCivilAffairs);
        Assert.DoesNotContain(Evaluate(certificateHolder, Welfare("CI1", ("category", "none"))), f => f.Rule == AlertRule.DisabledChildUnknownToCivilAffairs);
    }

    [Theory]
    [InlineData("2020-11-22", true)]   // 6 today
    [InlineData("2011-11-23", true)]   // 14, still of compulsory-school age
    [InlineData("2010-11-22", false)]  // 16
    [InlineData("2020-11-23", false)]  // 5
    public void ARegisteredChildOfSchoolAgeWithNoSchoolRecordIsFlagged(string birthDate, bool flagged)
    {
        var findings = Evaluate(Household("PU1", ("birth_date", birthDate)));

        Assert.Equal(flagged, findings.Any(f => f.Rule == AlertRule.PossiblyOutOfSchool && f.Agency == Agency.Education));
    }

    [Fact]
    public void AChildWithASchoolRecordIsNotOutOfSchool() =>
        Assert.DoesNotContain(Evaluate(Household("PU1", ("birth_date", "2015-01-01")), School("ED1", ("grade", "5"))), f => f.Rule == AlertRule.PossiblyOutOfSchool);

    [Theory]
    [InlineData("orphan", "2026-10-21", true)]
    [InlineData("orphan", "2026-10-23", false)]
    [InlineData("de_facto_unsupported", "", true)]
    [InlineData("left_behind", "2026-08-21", true)]
    [InlineData("left_behind", "2026-08-23", false)]
    [InlineData("none", "2020-01-01", false)]
    public void AVisitIsOverdueByTheCategorysDuty(string category, string lastVisit, bool overdue)
    {
        var findings = Evaluate(Welfare("CI1", ("category", category), ("last_visit_date", lastVisit)));

        Assert.Equal(overdue, findings.Any(f => f.Rule == AlertRule.VisitOverdue));
    }

    [Fact]
    public void AnIdentityInconsistencyAlertsTheAgencyHoldingTheRecord()
    {
        var findings = Evaluate(School("ED1", ("id_number", "511181201808049524"), ("birth_date", "2018-08-04"), ("student_no", "G511181201808049532")));

        var alert = Assert.Single(findings, f => f.Rule == AlertRule.IdentityInconsistency);
        Assert.Equal(Agency.Education, alert.Agency);
    }
}
