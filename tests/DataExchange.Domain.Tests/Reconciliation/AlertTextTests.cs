using DataExchange.Domain.Reconciliation;
using DataExchange.Domain.Reconciliation.AlertTexts;

namespace DataExchange.Domain.Tests.Reconciliation;

public class AlertTextTests
{
    private static string Zh(AlertRule rule, params (string, string)[] facts) => AlertText.Render(rule, new AlertFacts(facts), AlertLanguage.Chinese);

    private static string En(AlertRule rule, params (string, string)[] facts) => AlertText.Render(rule, new AlertFacts(facts), AlertLanguage.English);

    [Fact]
    public void ADropoutAlertReadsAsASentenceInEachLanguage()
    {
        Assert.Equal("A child registered by civil affairs as an orphan is recorded by education as dropped out (dropout control).",
            En(AlertRule.VulnerableChildDroppedOut, ("category", "orphan")));
        Assert.Equal("A child registered by civil affairs as a left-behind child is recorded by education as dropped out (dropout control).",
            En(AlertRule.VulnerableChildDroppedOut, ("category", "left_behind")));
        Assert.Equal("民政登记为孤儿的儿童，教育部门记录为辍学（控辍保学）。", Zh(AlertRule.VulnerableChildDroppedOut, ("category", "orphan")));
    }

    [Fact]
    public void AnOverdueVisitNamesItsDutyAndWhy()
    {
        (string, string)[] facts = [("category", "left_behind"), ("months", "1"), ("reasons", "left_behind,dropout"), ("last_visit", "2026-09-01"), ("due", "2026-10-01")];

        Assert.Equal("A home visit is overdue: the last was on 2026-09-01 and the next was due by 2026-10-01 "
            + "(visits are due every month: left-behind child; dropped out of school).", En(AlertRule.VisitOverdue, facts));
        Assert.Equal("入户走访已逾期：上次走访为2026-09-01，应于2026-10-01前再次走访（每月至少走访1次：留守儿童、辍学）。", Zh(AlertRule.VisitOverdue, facts));
        Assert.Equal("No home visit is recorded (visits are due every 3 months: child in difficulty).",
            En(AlertRule.VisitOverdue, ("category", "in_difficulty"), ("months", "3"), ("reasons", "in_difficulty")));
    }

    [Fact]
    public void AnInconsistencyNamesTheRecordAndTheDatesButNoNumber()
    {
        (string, string)[] facts = [("record", "education/ED1"), ("kind", "IdBirthDateMismatch"), ("field", "birth_date"), ("stated", "2018-08-05"), ("id_says", "2018-08-04")];

        Assert.Equal("Education record ED1: its birth date 2018-08-05 contradicts the one in its ID number (2018-08-04).", En(AlertRule.IdentityInconsistency, facts));
        Assert.Equal("教育部门记录ED1：出生日期2018-08-05与身份证号所含出生日期（2018-08-04）不一致。", Zh(AlertRule.IdentityInconsistency, facts));
        Assert.Equal("Education record ED1: the ID number inside its student number differs from its ID number.",
            En(AlertRule.IdentityInconsistency, ("record", "education/ED1"), ("kind", "StudentNumberIdMismatch"), ("field", "student_no")));
    }

    [Fact]
    public void AnAlertStoredAsTextBeforeFactsWereKeptIsShownWithItsNumbersMasked()
    {
        var legacy = "education/ED1: student_no G511181201808049532 contradicts the record's ID number.";

        var shown = AlertText.Render("IdentityInconsistency", "", legacy, AlertLanguage.Chinese);

        Assert.Equal("education/ED1: student_no G511***********9532 contradicts the record's ID number.", shown);
        Assert.Equal("A orphan child has no recorded visit.", AlertText.Render("VisitOverdue", "", "A orphan child has no recorded visit.", AlertLanguage.English));
    }

    [Theory]
    [InlineData(null, AlertLanguage.Chinese)]
    [InlineData("", AlertLanguage.Chinese)]
    [InlineData("en", AlertLanguage.English)]
    [InlineData("en-GB,en;q=0.9", AlertLanguage.English)]
    [InlineData("zh-CN,zh;q=0.9,en;q=0.8", AlertLanguage.Chinese)]
    [InlineData("fr-FR, en;q=0.5", AlertLanguage.English)]
    [InlineData("en;q=0.3, zh-Hans;q=0.7", AlertLanguage.Chinese)]
    [InlineData("de", AlertLanguage.Chinese)]
    [InlineData("not a ;;; header", AlertLanguage.Chinese)]
    public void TheLanguageIsTheCallersBestSupportedChoice(string? header, AlertLanguage expected) =>
        Assert.Equal(expected, AlertLanguages.FromAcceptLanguage(header));
}
