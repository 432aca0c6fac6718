using DataExchange.Api.SecurityTests.Infrastructure;
using DataExchange.Contracts.V1;
using DataExchange.Domain.Agencies;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Contract = DataExchange.Contracts.V1;

namespace DataExchange.Api.SecurityTests.Portal;

/// <summary>The conflict queue and the alert inbox on a demo hub: pages, filters, counts per status, disclosure and audit.</summary>
[Collection(DemoHubCollection.Name)]
public sealed class WorkQueueTests(DemoSecurityHub hub)
{
    private Contract.Reconciliation.ReconciliationClient Steward() => new(hub.Invoker(hub.StewardToken()));

    [Fact]
    public async Task ConflictPagesCoverTheWholeQueueOnceOldestFirstWithCountsPerStatus()
    {
        var client = Steward();
        await using var db = await hub.Contexts().CreateDbContextAsync();
        var expected = await db.Conflicts.GroupBy(c => c.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);
        Assert.True(expected.Values.Sum() > 20, "the demo data should hold conflicts");

        var seen = new List<ConflictItem>();
        ListConflictsResponse page;
        var number = 0;
        do
        {
            page = await client.ListConflictsAsync(new ListConflictsRequest { PageSize = 17, Page = number++ });
            seen.AddRange(page.Conflicts);
        }
        while (page.Conflicts.Count == 17);

        Assert.Equal(expected.Values.Sum(), page.Total);
        Assert.Equal(page.Total, seen.Select(item => item.Conflict.ConflictId).Distinct().Count());
        Assert.Equal(seen.Select(item => item.CreatedAt.ToDateTime()).Order(), seen.Select(item => item.CreatedAt.ToDateTime()));
        Assert.Equal(["open", "resolved", "closed"], page.StatusCounts.Take(3).Select(count => count.Status));
        foreach (var count in page.StatusCounts)
        {
            Assert.Equal(expected.GetValueOrDefault(count.Status), count.Count);
        }

        Assert.All(seen, item => Assert.NotEmpty(item.ChildId));
        Assert.All(seen, item => Assert.NotEmpty(item.Conflict.Sides));
    }

    [Fact]
    public async Task ConflictFiltersNarrowTheQueueAsTheDatabaseCountsIt()
    {
        var client = Steward();
        await using var db = await hub.Contexts().CreateDbContextAsync();
        var kind = await db.Conflicts.GroupBy(c => c.Kind).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstAsync();
        var field = await db.Conflicts.GroupBy(c => c.Field).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstAsync();

        var byKind = await client.ListConflictsAsync(new ListConflictsRequest { Kind = kind, PageSize = 200 });
        Assert.Equal(await db.Conflicts.CountAsync(c => c.Kind == kind), byKind.Total);
        Assert.All(byKind.Conflicts, item => Assert.Equal(kind, item.Conflict.Kind));

        var byField = await client.ListConflictsAsync(new ListConflictsRequest { Field = field, Status = "open", PageSize = 200 });
        Assert.Equal(await db.Conflicts.CountAsync(c => c.Field == field && c.Status == "open"), byField.Total);
        Assert.All(byField.Conflicts, item => Assert.Equal((field, "open"), (item.Conflict.Field, item.Conflict.Status)));

        var byAgency = await client.ListConflictsAsync(new ListConflictsRequest { Agency = Contract.Agency.Education, PageSize = 200 });
        Assert.All(byAgency.Conflicts, item => Assert.Contains(item.Conflict.Sides, side => side.Agency == Contract.Agency.Education));
        var educationConflicts = (await db.Conflicts.Select(c => c.ValuesJson).ToListAsync()).Count(json => json.Contains("\"agency\":\"education\"", StringComparison.Ordinal));
        Assert.Equal(educationConflicts, byAgency.Total);

        var region = (await db.Children.Where(c => c.RegionCode.Length >= 4).Select(c => c.RegionCode).FirstAsync())[..4];
        var byRegion = await client.ListConflictsAsync(new ListConflictsRequest { RegionCode = region, PageSize = 200 });
        var inRegion = await db.Conflicts.CountAsync(c => db.Children.Any(child => child.Id == c.ChildId && child.RegionCode.StartsWith(region)));
        Assert.Equal(inRegion, byRegion.Total);
        Assert.All(byRegion.Conflicts, item => Assert.StartsWith(region, item.RegionCode));
    }

    [Fact]
    public async Task TheAgeFilterListsOnlyItemsFoundThatManyDaysAgo()
    {
        await using var db = await hub.Contexts().CreateDbContextAsync();
        var old = await db.Conflicts.OrderBy(c => c.Id).Take(3).ToListAsync();
        foreach (var conflict in old)
        {
            conflict.CreatedAt = DateTime.UtcNow.AddDays(-10);
        }

        var oldAlert = await db.Alerts.OrderBy(a => a.Id).FirstAsync();
        oldAlert.CreatedAt = DateTime.UtcNow.AddDays(-40);
        await db.SaveChangesAsync();

        var conflicts = await Steward().ListConflictsAsync(new ListConflictsRequest { MinAgeDays = 5 });
        var alerts = await Steward().ListAlertsAsync(new ListAlertsRequest { MinAgeDays = 30 });

        Assert.Equal(old.Select(c => c.Id).Order(), conflicts.Conflicts.Select(item => item.Conflict.ConflictId).Order());
        Assert.Equal(oldAlert.Id, Assert.Single(alerts.Alerts).Alert.AlertId);
    }

    [Fact]
    public async Task AListNamesEveryChildItShowsInItsAuditEntryAndMasksIdNumbers()
    {
        var page = await Steward().ListConflictsAsync(new ListConflictsRequest { PageSize = 30 });
        var entry = await hub.LastEntryAsync();

        Assert.Equal("/dataexchange.v1.Reconciliation/ListConflicts", entry.Rpc);
        Assert.Equal("OK", entry.Outcome);
        Assert.All(page.Conflicts, item => Assert.Contains("c:" + item.ChildId, entry.Children, StringComparison.Ordinal));
        Assert.All(page.Conflicts.Where(item => item.ChildName.Length > 0), item => Assert.DoesNotContain(item.ChildName, entry.Children + entry.Detail));
        // As GetChild: the steward's own agency's values in full, every other agency's ID numbers masked.
        var idConflicts = await Steward().ListConflictsAsync(new ListConflictsRequest { Field = "id_number", PageSize = 200 });
        var idSides = idConflicts.Conflicts.SelectMany(item => item.Conflict.Sides)
            .Where(side => side.Value.Length == 18 && side.Agency != Contract.Agency.CivilAffairs).ToList();
        Assert.NotEmpty(idSides);
        Assert.All(idSides, side => Assert.Contains('*', side.Value));
    }

    [Fact]
    public async Task AlertPagesAreAnInboxPerAgencyWithCountsPerStatus()
    {
        var client = Steward();
        await using var db = await hub.Contexts().CreateDbContextAsync();
        var agency = await db.Alerts.GroupBy(a => a.Agency).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstAsync();
        Assert.True(AgencyCodes.TryParse(agency, out var parsed));
        var wire = (Contract.Agency)(int)parsed;
        var expected = await db.Alerts.Where(a => a.Agency == agency).GroupBy(a => a.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);

        var seen = new List<AlertItem>();
        ListAlertsResponse page;
        var number = 0;
        do
        {
            page = await client.ListAlertsAsync(new ListAlertsRequest { Agency = wire, PageSize = 13, Page = number++ });
            seen.AddRange(page.Alerts);
        }
        while (page.Alerts.Count == 13);

        Assert.Equal(expected.Values.Sum(), page.Total);
        Assert.Equal(page.Total, seen.Select(item => item.Alert.AlertId).Distinct().Count());
        Assert.All(seen, item => Assert.Equal(wire, item.Alert.Agency));
        Assert.Equal(["open", "acknowledged", "closed"], page.StatusCounts.Select(count => count.Status));
        Assert.All(page.StatusCounts, count => Assert.Equal(expected.GetValueOrDefault(count.Status), count.Count));
        // The text is rendered from the stored facts in the call's language (Chinese when none is asked for).
        var messages = (await db.Alerts.Where(a => a.Agency == agency).ToListAsync()).ToDictionary(a => a.Id,
            a => DataExchange.Domain.Reconciliation.AlertTexts.AlertText.Render(a.Rule, a.Facts, a.Message,
                DataExchange.Domain.Reconciliation.AlertTexts.AlertLanguage.Chinese));
        Assert.All(seen, item => Assert.NotEmpty(item.Alert.Message));
        Assert.All(seen, item => Assert.Equal(messages[item.Alert.AlertId], item.Alert.Message));

        var rule = seen[0].Alert.Rule;
        var byRule = await client.ListAlertsAsync(new ListAlertsRequest { Agency = wire, Rule = rule, Status = "open", PageSize = 200 });
        Assert.Equal(await db.Alerts.CountAsync(a => a.Agency == agency && a.Rule == rule && a.Status == "open"), byRule.Total);
        Assert.All(byRule.Alerts, item => Assert.Equal((rule, "open"), (item.Alert.Rule, item.Alert.Status)));

        var entry = await hub.LastEntryAsync();
        Assert.Equal("/dataexchange.v1.Reconciliation/ListAlerts", entry.Rpc);
        Assert.All(byRule.Alerts, item => Assert.Contains("c:" + item.ChildId, entry.Children, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnAcknowledgedAlertMovesBetweenTheInboxCounts()
    {
        var client = Steward();
        var open = await client.ListAlertsAsync(new ListAlertsRequest { Status = "open", PageSize = 1 });
        var alert = open.Alerts[0].Alert;
        var before = open.StatusCounts.ToDictionary(count => count.Status, count => count.Count);

        await client.SetAlertStatusAsync(new SetAlertStatusRequest { AlertId = alert.AlertId, ExpectedVersion = alert.Version, Status = "acknowledged", Reason = "seen" });
        var after = (await client.ListAlertsAsync(new ListAlertsRequest { PageSize = 1 })).StatusCounts.ToDictionary(count => count.Status, count => count.Count);

        Assert.Equal(before["open"] - 1, after["open"]);
        Assert.Equal(before["acknowledged"] + 1, after["acknowledged"]);
    }

    [Theory]
    [InlineData("status", "pending", "", 0)]
    [InlineData("region_code", "", "51ab", 0)]
    [InlineData("page_size", "", "", 201)]
    public async Task BadFiltersAreRefusedNamingTheField(string field, string status, string region, int pageSize)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Steward().ListConflictsAsync(
            new ListConflictsRequest { Status = status, RegionCode = region, PageSize = pageSize }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(field, error.Status.Detail, StringComparison.Ordinal);
    }
}
