using DataExchange.Api.Auditing;
using DataExchange.Api.SecurityTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using DataExchange.Contracts.V1;
using Agency = DataExchange.Domain.Agencies.Agency;
using Contract = DataExchange.Contracts.V1;

namespace DataExchange.Api.SecurityTests;

/// <summary>
/// GetChild shows another agency's linked record only as far as a live grant on that agency covers it; the grants
/// are looked up once per call, so one granted agency does not open the others, and a revocation counts on the next read.
/// </summary>
public sealed class ChildGrantTests(SqliteSecurityHub hub) : IClassFixture<SqliteSecurityHub>
{
    private const Agency Reader = Agency.CivilAffairs;

    [Fact]
    public async Task AGrantOnOneAgencyShowsThatAgencysRecordOnlyUntilItIsRevoked()
    {
        await World.SeedRecordsAsync(hub);
        var directory = new ChildDirectory.ChildDirectoryClient(hub.AgencyInvoker(Reader));
        var childId = (await directory.SearchChildrenAsync(new SearchChildrenRequest { IdNumber = World.IdNumber(7) })).Children.Single().ChildId;
        var grant = await World.GrantAsync(hub, Reader, Agency.Education, Contract.Purpose.CaseHandling, [Contract.FieldGroup.Education, Contract.FieldGroup.Contact]);
        Child granted;
        try
        {
            granted = await ReadAsync(directory, childId);
        }
        finally
        {
            await World.RevokeAsync(hub, grant);
        }

        Assert.Equal("乐山市实验小学", ValuesOf(granted, Contract.Agency.Education)["school_name"]);
        Assert.DoesNotContain("name", ValuesOf(granted, Contract.Agency.Education).Keys); // identity was not granted
        Assert.Equal("王建国", ValuesOf(granted, Contract.Agency.Education)["guardian_name"]);
        // Health's record has contact columns too (guardian, address): the grant on education must not show them,
        // nor that health or public security hold a record of the child at all.
        Assert.Equal([Contract.Agency.Education, Contract.Agency.CivilAffairs], granted.Records.Select(record => record.Agency).Order());
        Assert.Equal("orphan", ValuesOf(granted, Contract.Agency.CivilAffairs)["category"]); // the reader's own record, in full

        var revoked = await ReadAsync(directory, childId);
        Assert.Equal([Contract.Agency.CivilAffairs], revoked.Records.Select(record => record.Agency));
    }

    [Fact]
    public async Task TheAuditEntryOfAGrantedReadNamesTheChildTheGrantAndWhatWasDisclosed()
    {
        await World.SeedRecordsAsync(hub);
        var directory = new ChildDirectory.ChildDirectoryClient(hub.AgencyInvoker(Reader));
        var childId = (await directory.SearchChildrenAsync(new SearchChildrenRequest { IdNumber = World.IdNumber(7) })).Children.Single().ChildId;
        var grant = await World.GrantAsync(hub, Reader, Agency.Education, Contract.Purpose.CaseHandling, [Contract.FieldGroup.Education, Contract.FieldGroup.Contact]);
        try
        {
            await ReadAsync(directory, childId);
        }
        finally
        {
            await World.RevokeAsync(hub, grant);
        }

        await using var db = await hub.Contexts().CreateDbContextAsync();
        var entry = db.AuditEntries.Where(e => e.Rpc.EndsWith("/GetChild")).OrderByDescending(e => e.Sequence).First();
        Assert.Equal("case_handling", entry.Purpose);
        Assert.Equal(grant.GrantId, entry.Grants);
        Assert.Equal("contact,education", entry.FieldGroups);
        // By the child's id and by the salted key of its ID number, never the number itself.
        Assert.Contains("c:" + childId, entry.Children);
        Assert.Contains(hub.Services.GetRequiredService<ChildKeys>().For(World.IdNumber(7))!, entry.Children);
        Assert.DoesNotContain(World.IdNumber(7), entry.Children);
    }

    private static async Task<Child> ReadAsync(ChildDirectory.ChildDirectoryClient directory, string childId) =>
        (await directory.GetChildAsync(new GetChildRequest { ChildId = childId, Purpose = Contract.Purpose.CaseHandling })).Child;

    private static IDictionary<string, string> ValuesOf(Child child, Contract.Agency agency) =>
        child.Records.Single(record => record.Agency == agency).Values;
}
