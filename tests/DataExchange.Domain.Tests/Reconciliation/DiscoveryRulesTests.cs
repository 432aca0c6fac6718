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

    // As of 2026-11-22: a monthly duty is overdue after a visit before 2026-10-22, a 3-monthly one before 2026-08-22.
    [Theory]
    [InlineData("orphan", "2026-10-21", true)]
    [InlineData("orphan", "2026-10-22", false)] // due by 2026-11-22, which is today: not yet overdue
    [InlineData("de_facto_unsupported", "", true)] // never visited: due at once
    [InlineData("left_behind", "2026-08-21", true)]
    [InlineData("left_behind", "2026-08-23", false)]
    [InlineData("left_behind", "2026-10-01", false)]
    [InlineData("in_difficulty", "2026-08-21", true)]
    [InlineData("in_difficulty", "2026-09-30", false)]
    [InlineData("none", "2020-01-01", false)] // not on civil affairs' list: no visit duty
    public void AVisitIsOverdueByTheCategorysDuty(string category, string lastVisit, bool overdue)
    {
        var findings = Evaluate(Welfare("CI1", ("category", category), ("last_visit_date", lastVisit)));

        Assert.Equal(overdue, findings.Any(f => f.Rule == AlertRule.VisitOverdue));
    }

    [Fact]
    public void TheAsOfDateDecidesNotTheClock()
    {
        var welfare = Welfare("CI1", ("category", "left_behind"), ("last_visit_date", "2026-08-01"));
        var records = new[] { welfare };
        var golden = Survivorship.Build(records);

        Assert.Empty(DiscoveryRules.Evaluate(records, golden, [], new DateOnly(2026, 10, 31)));
        Assert.Single(DiscoveryRules.Evaluate(records, golden, [], new DateOnly(2026, 11, 2)), f => f.Rule == AlertRule.VisitOverdue);
    }

    // A left-behind child last visited 2026-10-01 (seven weeks before as-of) is on time quarterly, overdue monthly.
    public static TheoryData<LinkedRecord, string> MonthlySituations => new()
    {
        { School("ED1", ("enrollment_status", "dropped_out")), "dropout" },
        { Record(Agency.Health, "HE1", null, 1, ("chronic_condition", "leukaemia")), "serious_illness" },
        { Record(Agency.Health, "HE1", null, 1, ("chronic_condition", "先天性心脏病")), "serious_illness" },
        { Record(Agency.DisabledFederation, "DI1", null, 1, ("disability_level", "2")), "severe_disability" },
    };

    [Theory]
    [MemberData(nameof(MonthlySituations))]
    public void DropoutsSeriousIllnessAndSevereDisabilityMakeTheVisitMonthly(LinkedRecord situation, string reason)
    {
        var welfare = Welfare("CI1", ("category", "left_behind"), ("last_visit_date", "2026-10-01"));

        Assert.DoesNotContain(Evaluate(welfare), f => f.Rule == AlertRule.VisitOverdue);
        var alert = Assert.Single(Evaluate(welfare, situation), f => f.Rule == AlertRule.VisitOverdue);
        Assert.Equal("1", alert.Facts["months"]);
        Assert.Equal($"left_behind,{reason}", alert.Facts["reasons"]);
        Assert.Equal("2026-11-01", alert.Facts["due"]);
    }

    [Theory]
    [InlineData("asthma")]
    [InlineData("epilepsy")]
    public void AMildConditionOrALevelThreeDisabilityKeepsTheQuarterlyDuty(string condition)
    {
        var welfare = Welfare("CI1", ("category", "in_difficulty"), ("last_visit_date", "2026-10-01"));

        Assert.DoesNotContain(Evaluate(welfare, Record(Agency.Health, "HE1", null, 1, ("chronic_condition", condition)),
            Record(Agency.DisabledFederation, "DI1", null, 1, ("disability_level", "3"))), f => f.Rule == AlertRule.VisitOverdue);
    }

    [Fact]
    public void NoVisitIsDueForSomeoneEighteenOrOlder()
    {
        var adult = Household("PU1", ("birth_date", "2008-11-22")); // 18 on the as-of date
        var minor = Household("PU1", ("birth_date", "2008-11-23"));
        var welfare = Welfare("CI1", ("category", "orphan"), ("last_visit_date", "2026-01-01"));

        Assert.DoesNotContain(Evaluate(adult, welfare), f => f.Rule == AlertRule.VisitOverdue);
        Assert.Contains(Evaluate(minor, welfare), f => f.Rule == AlertRule.VisitOverdue);
    }

    [Fact]
    public void AnIdentityInconsistencyAlertsTheAgencyHoldingTheRecord()
    {
        var findings = Evaluate(School("ED1", ("id_number", "511181201808049524"), ("birth_date", "2018-08-04"), ("student_no", "G511181201808049532")));

        var alert = Assert.Single(findings, f => f.Rule == AlertRule.IdentityInconsistency);
        Assert.Equal(Agency.Education, alert.Agency);
        Assert.Equal("education/ED1", alert.Facts["record"]);
        Assert.Equal("StudentNumberIdMismatch", alert.Facts["kind"]);
    }

    // The household register holds the child as 511181201808049524 (valid).
    [Theory]
    [InlineData("511181201808049524", null)]                      // the register's number: nothing to say
    [InlineData("511181201808049525", "IdCheckCharacter")]       // last character mistyped
    [InlineData("511118201808049524", "IdCheckCharacter")]       // two digits of the region swapped
    [InlineData("511181201802309524", "IdImpossibleBirthDate")]  // 30 February
    public void AnIdNumberThatContradictsItselfIsAnIdentityInconsistency(string id, string? kind)
    {
        var findings = Evaluate(Household("PU1", ("id_number", "511181201808049524")), Record(Agency.Health, "HE1", null, 1, ("id_number", id)));

        Assert.Equal(kind, findings.SingleOrDefault(f => f.Rule == AlertRule.IdentityInconsistency)?.Facts["kind"]);
    }

    [Fact]
    public void AWrongCheckCharacterAloneIsNoAlertWithoutTheRegistersNumberToShowIt()
    {
        // A register whose own check characters are wrong (the shared sample's are random) must not alert on every record.
        Assert.DoesNotContain(Evaluate(Record(Agency.Health, "HE1", null, 1, ("id_number", "511181201808049525"))), f => f.Rule == AlertRule.IdentityInconsistency);
        Assert.DoesNotContain(Evaluate(Household("PU1", ("id_number", "511181201808049525")), Record(Agency.Health, "HE1", null, 1, ("id_number", "511181201808049525"))),
            f => f.Rule == AlertRule.IdentityInconsistency);
    }

    [Fact]
    public void ARecordWhoseIdAlreadyContradictsItsBirthDateGetsNoSecondAlertForItsCheckCharacter()
    {
        var findings = Evaluate(Record(Agency.Health, "HE1", null, 1, ("id_number", "511181201808059525"), ("birth_date", "2018-08-04")));

        Assert.Equal("IdBirthDateMismatch", Assert.Single(findings, f => f.Rule == AlertRule.IdentityInconsistency).Facts["kind"]);
    }

    [Fact]
    public void NoFindingCarriesAnIdBearingValue()
    {
        var findings = Evaluate(
            School("ED1", ("id_number", "511181201808049524"), ("birth_date", "2018-08-05"), ("sex", "M"), ("student_no", "G511181201808049532")),
            Record(Agency.DisabledFederation, "DI1", null, 1, ("id_number", "511181201808049524"), ("disability_cert_no", "51118120180804953263")));

        Assert.Equal(4, findings.Count(f => f.Rule == AlertRule.IdentityInconsistency));
        Assert.All(findings, f => Assert.DoesNotContain(f.Facts.Values.Values, value => value.Contains("5111812018")));
        var birthDate = Assert.Single(findings, f => f.Facts["kind"] == "IdBirthDateMismatch");
        Assert.Equal(("2018-08-05", "2018-08-04"), (birthDate.Facts["stated"], birthDate.Facts["id_says"]));
    }
}
