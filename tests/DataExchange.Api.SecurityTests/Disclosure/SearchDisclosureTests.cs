using DataExchange.Api.SecurityTests.Infrastructure;
using DataExchange.Contracts.V1;
using Agency = DataExchange.Domain.Agencies.Agency;
using Contract = DataExchange.Contracts.V1;

namespace DataExchange.Api.SecurityTests.Disclosure;

/// <summary>
/// Issue 10, findings 2 and 8: SearchChildren matches only on what the caller's own records say, and its audit entry
/// names every child it returns. Child 7 is held by every agency; child 8 (赵雨桐, an orphan to civil affairs) by
/// health and civil affairs only, so education never sent its ID number, name, birth date or category.
/// </summary>
public sealed class SearchDisclosureTests(SqliteSecurityHub hub) : IClassFixture<SqliteSecurityHub>
{
    [Fact]
    public async Task FiltersOnValuesOnlyAnotherAgencyHoldsMatchNothing()
    {
        await SeedAsync();
        var education = Directory(Agency.Education);

        Assert.Equal(0, (await education.SearchChildrenAsync(new SearchChildrenRequest { IdNumber = World.IdNumber(8) })).Total);
        Assert.Equal(0, (await education.SearchChildrenAsync(new SearchChildrenRequest { Category = "orphan" })).Total);
        Assert.Equal(0, (await education.SearchChildrenAsync(new SearchChildrenRequest { Name = "z" })).Total);
        Assert.Equal(0, (await education.SearchChildrenAsync(new SearchChildrenRequest { Name = "赵" })).Total);
        Assert.Equal(0, (await education.SearchChildrenAsync(new SearchChildrenRequest { BirthDate = "2015-03-09" })).Total);
        // Everything education may search is its own: one child, with its own values and count.
        var all = await education.SearchChildrenAsync(new SearchChildrenRequest());
        var hit = Assert.Single(all.Children);
        Assert.Equal(1, all.Total);
        Assert.Equal(1, hit.RecordCount);
        Assert.Equal("王小明", hit.Name);
        Assert.Equal("", hit.Category);
    }

    [Fact]
    public async Task TheAgencyThatHoldsAValueFindsTheChildByIt()
    {
        await SeedAsync();
        var civilAffairs = Directory(Agency.CivilAffairs);

        var orphans = await civilAffairs.SearchChildrenAsync(new SearchChildrenRequest { Category = "orphan" });
        var byPinyin = await civilAffairs.SearchChildrenAsync(new SearchChildrenRequest { Name = "zhaoyu" });

        Assert.Equal(2, orphans.Total);
        Assert.Equal(["orphan", "orphan"], orphans.Children.Select(child => child.Category));
        Assert.Equal("赵雨桐", Assert.Single(byPinyin.Children).Name);
        Assert.Equal(World.IdNumber(8), byPinyin.Children.Single().IdNumber); // its own record's number, in full
    }

    [Fact]
    public async Task TheAuditEntryOfASearchNamesEveryChildItReturned()
    {
        await SeedAsync();
        var found = await Directory(Agency.CivilAffairs).SearchChildrenAsync(new SearchChildrenRequest { Category = "orphan" });

        await using var db = await hub.Contexts().CreateDbContextAsync();
        var entry = db.AuditEntries.Where(e => e.Rpc.EndsWith("/SearchChildren")).OrderByDescending(e => e.Sequence).First();
        foreach (var child in found.Children)
        {
            Assert.Contains("c:" + child.ChildId, entry.Children);
        }

        var keys = ChildDirectoryDisclosureTests.Keys(hub);
        Assert.Contains(keys.For(World.IdNumber(7))!, entry.Children);
        Assert.Contains(keys.For(World.IdNumber(8))!, entry.Children);
        Assert.DoesNotContain(World.IdNumber(8), entry.Children);
    }

    private ChildDirectory.ChildDirectoryClient Directory(Agency agency) => new(hub.AgencyInvoker(agency));

    private async Task SeedAsync()
    {
        await World.SeedRecordsAsync(hub);
        await World.OnceAsync(hub, "child-8", async () =>
        {
            foreach (var agency in new[] { Agency.Health, Agency.CivilAffairs })
            {
                var record = World.FullRecord(agency);
                record.SourceId = "eight-" + World.SourceIdOf(agency);
                record.IdNumber = World.IdNumber(8);
                record.Name = "赵雨桐";
                record.BirthDate = "2015-03-09";
                await new Contract.RecordExchange.RecordExchangeClient(hub.AgencyInvoker(agency)).UpsertRecordAsync(new UpsertRecordRequest { Record = record });
            }
        });
    }
}
