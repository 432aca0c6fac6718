using DataExchange.Api.Auditing;
using DataExchange.Api.SecurityTests.Infrastructure;
using DataExchange.Contracts.V1;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Agency = DataExchange.Domain.Agencies.Agency;
using Contract = DataExchange.Contracts.V1;

namespace DataExchange.Api.SecurityTests.Disclosure;

/// <summary>
/// Issue 10, finding 1: what an agency receives of a child from GetChild and GetChildHistory, with and without a grant.
/// Child 7 is held by all five agencies (World.FullRecord); child 8 only by health.
/// </summary>
public sealed class ChildDirectoryDisclosureTests(SqliteSecurityHub hub) : IClassFixture<SqliteSecurityHub>
{
    [Fact]
    public async Task WithoutAGrantAnAgencyReceivesOnlyItsOwnRecordAndNothingOnlyOthersSay()
    {
        var childId = await SeedAsync();
        var directory = Directory(Agency.Education);

        var child = (await directory.GetChildAsync(new GetChildRequest { ChildId = childId, Purpose = Contract.Purpose.CaseHandling })).Child;

        var record = Assert.Single(child.Records);
        Assert.Equal(Contract.Agency.Education, record.Agency);
        Assert.All(child.Golden, value => Assert.Equal(Contract.Agency.Education, value.Agency));
        Assert.DoesNotContain(child.Golden, value => value.Field is "chronic_condition" or "disability_category" or "category" or "last_visit_date" or "household_no");
        // Civil affairs' VisitOverdue alert (an orphan's overdue visit) is not education's.
        Assert.Empty(child.Alerts);
        Assert.Equal(0, child.Version);
        // Its history: the one event that changed its records, as it saw it.
        Assert.Equal(["created"], child.History.Select(entry => entry.Kind));
        Assert.All(child.History, entry => Assert.Equal("", entry.Detail));
        var history = await directory.GetChildHistoryAsync(new GetChildHistoryRequest { ChildId = childId });
        Assert.Equal(["created"], history.Entries.Select(entry => entry.Kind));
        // Its own values in full (student number included), and no other ID-bearing value anywhere.
        Assert.Equal("G" + World.IdNumber(7), record.Values["student_no"]);
        Assert.DoesNotContain(World.IdNumber(101), child.ToString());
    }

    [Fact]
    public async Task TheAgencyThatMustActReceivesItsAlertWithoutFullIdNumbers()
    {
        var childId = await SeedAsync();

        var child = (await Directory(Agency.CivilAffairs).GetChildAsync(new GetChildRequest { ChildId = childId })).Child;

        var alert = Assert.Single(child.Alerts);
        Assert.Equal("VisitOverdue", alert.Rule);
        Assert.Equal(Contract.Agency.CivilAffairs, alert.Agency);
        Assert.DoesNotContain(World.IdNumber(7), alert.Message);
    }

    [Fact]
    public async Task AChildOfWhichTheCallerHoldsNothingAnswersExactlyAsAnUnknownOne()
    {
        await SeedAsync();
        var healthOnly = await HealthOnlyChildAsync();
        var directory = Directory(Agency.Education);

        var hidden = await Assert.ThrowsAsync<RpcException>(() => directory.GetChildAsync(new GetChildRequest { ChildId = healthOnly }).ResponseAsync);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => directory.GetChildAsync(new GetChildRequest { ChildId = "C0000" }).ResponseAsync);
        var hiddenHistory = await Assert.ThrowsAsync<RpcException>(() => directory.GetChildHistoryAsync(new GetChildHistoryRequest { ChildId = healthOnly }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, hidden.StatusCode);
        Assert.Equal(unknown.Status.Detail.Replace("C0000", "ID"), hidden.Status.Detail.Replace(healthOnly, "ID"));
        Assert.Equal(StatusCode.NotFound, hiddenHistory.StatusCode);
    }

    [Fact]
    public async Task AGrantOpensExactlyItsGroupsAndTheDisclosureReportShowsTheRead()
    {
        var childId = await SeedAsync();
        var grant = await World.GrantAsync(hub, Agency.Education, Agency.Health, Contract.Purpose.CaseHandling, [Contract.FieldGroup.Health]);
        Child child;
        try
        {
            child = (await Directory(Agency.Education).GetChildAsync(new GetChildRequest
            {
                ChildId = childId, Purpose = Contract.Purpose.CaseHandling, PurposeReference = "case 17",
            })).Child;
        }
        finally
        {
            await World.RevokeAsync(hub, grant);
        }

        Assert.Equal([Contract.Agency.Education, Contract.Agency.Health], child.Records.Select(r => r.Agency).Order());
        Assert.Equal(["chronic_condition", "health_record_no", "last_visit_date"], child.Records.Single(r => r.Agency == Contract.Agency.Health).Values.Keys.Order());
        Assert.Equal("asthma", child.Golden.Single(value => value.Field == "chronic_condition").Value);

        await World.CreateUserAsync(hub, "auditor@disclosure.test", Agency.CivilAffairs, Role.Auditor);
        var auditLog = new AuditLog.AuditLogClient(hub.Invoker(hub.UserToken("auditor@disclosure.test", World.PersonPassword, "openid audit.read")));
        var report = await auditLog.GetDisclosureReportAsync(new GetDisclosureReportRequest { ChildIdNumber = World.IdNumber(7) });
        var read = report.Disclosures.Last(d => d.Rpc.EndsWith("/GetChild", StringComparison.Ordinal));
        Assert.Equal("education", read.Agency);
        Assert.Equal([grant.GrantId], read.Grants);
        Assert.Equal(["health"], read.FieldGroups);
    }

    /// <summary>
    /// The report lists disclosures however many other audited calls name the child: it took the child's first 1,000
    /// entries and only then kept the disclosures, so a child searched or reported on a thousand times showed none after.
    /// </summary>
    [Fact]
    public async Task TheDisclosureReportFindsADisclosureBehindAThousandOtherEntriesOfTheChild()
    {
        var childId = await SeedAsync();
        await World.CreateUserAsync(hub, "auditor@many-entries.test", Agency.CivilAffairs, Role.Auditor);
        var auditLog = new AuditLog.AuditLogClient(hub.Invoker(hub.UserToken("auditor@many-entries.test", World.PersonPassword, "openid audit.read")));
        var request = new GetDisclosureReportRequest { ChildIdNumber = World.IdNumber(7) };
        // Each report is itself an audited call naming the child, and discloses nothing.
        for (var batch = 0; batch < 11; batch++)
        {
            await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => auditLog.GetDisclosureReportAsync(request).ResponseAsync));
        }

        var grant = await World.GrantAsync(hub, Agency.Education, Agency.Health, Contract.Purpose.CaseHandling, [Contract.FieldGroup.Health]);
        try
        {
            await Directory(Agency.Education).GetChildAsync(new GetChildRequest
            {
                ChildId = childId, Purpose = Contract.Purpose.CaseHandling, PurposeReference = "after a thousand reports",
            });
        }
        finally
        {
            await World.RevokeAsync(hub, grant);
        }

        var report = await auditLog.GetDisclosureReportAsync(request);
        var last = report.Disclosures[^1];
        Assert.Equal("education", last.Agency);
        Assert.EndsWith("/GetChild", last.Rpc, StringComparison.Ordinal);
        Assert.Equal([grant.GrantId], last.Grants);
        Assert.DoesNotContain(report.Disclosures, disclosure => disclosure.Rpc.EndsWith("/GetDisclosureReport", StringComparison.Ordinal));
        Assert.False(report.Truncated);
    }

    private ChildDirectory.ChildDirectoryClient Directory(Agency agency) => new(hub.AgencyInvoker(agency));

    /// <summary>Child 7 in every agency; its id as public security (which holds it) finds it.</summary>
    private async Task<string> SeedAsync()
    {
        await World.SeedRecordsAsync(hub);
        return (await Directory(Agency.PublicSecurity).SearchChildrenAsync(new SearchChildrenRequest { IdNumber = World.IdNumber(7) })).Children.Single().ChildId;
    }

    private async Task<string> HealthOnlyChildAsync()
    {
        await World.OnceAsync(hub, "health-only", async () =>
        {
            var record = World.FullRecord(Agency.Health);
            record.SourceId = "health-only-8";
            record.IdNumber = World.IdNumber(8);
            record.Name = "赵雨桐";
            record.BirthDate = "2015-03-09";
            await new Contract.RecordExchange.RecordExchangeClient(hub.AgencyInvoker(Agency.Health)).UpsertRecordAsync(new UpsertRecordRequest { Record = record });
        });
        return (await Directory(Agency.Health).SearchChildrenAsync(new SearchChildrenRequest { IdNumber = World.IdNumber(8) })).Children.Single().ChildId;
    }

    internal static ChildKeys Keys(SecurityHub hub) => hub.Services.GetRequiredService<ChildKeys>();
}
