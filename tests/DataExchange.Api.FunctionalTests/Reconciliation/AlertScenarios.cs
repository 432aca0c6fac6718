using DataExchange.Api.FunctionalTests.Infrastructure;
using DataExchange.Contracts.V1;
using DataExchange.Data.Providers;
using DataExchange.Reconciliation.Children;
using Grpc.Core;
using Microsoft.AspNetCore.Hosting;
using Agency = DataExchange.Domain.Agencies.Agency;
using Contract = DataExchange.Contracts.V1;

namespace DataExchange.Api.FunctionalTests.Reconciliation;

/// <summary>A host judging alerts as of a configured day (Reconciliation:AsOfDate), long before the tests run.</summary>
public sealed class AsOfHubFactory() : HubFactory(DatabaseProvider.Sqlite)
{
    public const string AsOf = "2024-06-01";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting(AsOfDate.Setting, AsOf);
    }
}

/// <summary>Alert rules against the host's as-of date, and alert texts in the caller's language, over real GrpcChannels.</summary>
public sealed class AlertScenarios(AsOfHubFactory hub) : IClassFixture<AsOfHubFactory>
{
    private readonly Contract.RecordExchange.RecordExchangeClient register = hub.RecordExchangeFor(Agency.PublicSecurity);
    private readonly Contract.RecordExchange.RecordExchangeClient schools = hub.RecordExchangeFor(Agency.Education);
    private readonly Contract.RecordExchange.RecordExchangeClient welfare = hub.RecordExchangeFor(Agency.CivilAffairs);
    private readonly ChildDirectory.ChildDirectoryClient directory = new(hub.StewardInvokerFor(Agency.CivilAffairs));

    [Fact]
    public async Task VisitDutiesAreJudgedOnTheConfiguredAsOfDateNotOnTheClock()
    {
        // As of 2024-06-01 a quarterly visit on 2024-04-01 is on time (by the clock it is years overdue); one on 2024-02-01 is not.
        var onTime = new Kid("庞晓东", new DateOnly(2015, 2, 3), 41);
        var late = new Kid("庞晓南", new DateOnly(2015, 2, 4), 43);
        await welfare.SubmitAsync([onTime.Welfare("ASOF-CA1", "left_behind", "2024-04-01"), late.Welfare("ASOF-CA2", "left_behind", "2024-02-01")], "asof");
        await hub.LinkedAsync();

        Assert.DoesNotContain((await ChildOfAsync(onTime)).Alerts, a => a.Rule == "VisitOverdue");
        var overdue = Assert.Single((await ChildOfAsync(late)).Alerts, a => a.Rule == "VisitOverdue");
        Assert.Equal("入户走访已逾期：上次走访为2024-02-01，应于2024-05-01前再次走访（每3个月至少走访1次：留守儿童）。", overdue.Message);
    }

    [Fact]
    public async Task TheSameAlertReadsInChineseByDefaultAndInEnglishByAcceptLanguageWithNoIdNumberInFull()
    {
        var kid = new Kid("欧阳雨桐", new DateOnly(2012, 3, 5), 45);
        var other = new Kid("欧阳雨桐", new DateOnly(2012, 3, 6), 47);
        var student = kid.Student("TEXT-ED");
        student.Education.StudentNo = "G" + other.Id; // typed from another child's ID
        await register.SubmitAsync([kid.Household("TEXT-PS")], "text-ps");
        await schools.SubmitAsync([student], "text-ed");
        await hub.LinkedAsync();

        var chinese = Assert.Single((await ChildOfAsync(kid)).Alerts, a => a.Rule == "IdentityInconsistency");
        var zhCn = Assert.Single((await ChildOfAsync(kid, "zh-CN,zh;q=0.9,en;q=0.8")).Alerts, a => a.Rule == "IdentityInconsistency");
        var english = Assert.Single((await ChildOfAsync(kid, "en-GB,en;q=0.9")).Alerts, a => a.Rule == "IdentityInconsistency");

        Assert.Equal(chinese.AlertId, english.AlertId);
        Assert.Equal("教育部门记录TEXT-ED：学籍号所含身份证号与记录的身份证号不一致。", chinese.Message);
        Assert.Equal(chinese.Message, zhCn.Message);
        Assert.Equal("Education record TEXT-ED: the ID number inside its student number differs from its ID number.", english.Message);
        foreach (var message in new[] { chinese.Message, english.Message })
        {
            Assert.DoesNotContain(kid.Id, message);
            Assert.DoesNotContain(other.Id, message);
            Assert.DoesNotContain(kid.Id[..14], message);
        }
    }

    private async Task<Child> ChildOfAsync(Kid kid, string? language = null)
    {
        var found = await directory.SearchChildrenAsync(new SearchChildrenRequest { IdNumber = kid.Id });
        var hit = Assert.Single(found.Children);
        var headers = language is null ? null : new Metadata { { "accept-language", language } };
        return (await directory.GetChildAsync(new GetChildRequest { ChildId = hit.ChildId, RevealIds = true }, headers)).Child;
    }
}
