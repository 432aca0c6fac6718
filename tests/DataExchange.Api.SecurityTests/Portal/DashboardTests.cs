using DataExchange.Contracts.V1;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;

namespace DataExchange.Api.SecurityTests.Portal;

/// <summary>The dashboard on a demo hub: every figure as the database counts it, for stewards and administrators.</summary>
[Collection(DemoHubCollection.Name)]
public sealed class DashboardTests(DemoSecurityHub hub)
{
    [Fact]
    public async Task TheDashboardCountsWhatTheDatabaseHolds()
    {
        var figures = await new Dashboard.DashboardClient(hub.Invoker(hub.StewardToken())).GetDashboardAsync(new GetDashboardRequest());
        await using var db = await hub.Contexts().CreateDbContextAsync();

        Assert.Equal(await db.Children.CountAsync(c => c.Active), figures.TotalChildren);
        Assert.Equal(figures.TotalChildren, figures.Children.Sum(c => c.Children));
        Assert.All(figures.Children, c => Assert.True(c.RegionCode.Length is 0 or 4, c.RegionCode));
        Assert.Contains(figures.Children, c => c.Category.Length > 0);

        var open = await db.MatchCandidates.CountAsync(c => c.Status == "open");
        Assert.Equal(open, figures.Review.Open);
        Assert.Equal(open, figures.Review.Ages.Sum(band => band.Count));
        Assert.Equal([0, 1, 7, 30], figures.Review.Ages.Select(band => band.MinDays));
        Assert.Equal(open > 0, figures.Review.OldestProposedAt is not null);

        Assert.Equal(await db.RecordLinks.CountAsync(), figures.Linking.LinkedRecords);
        Assert.InRange(figures.Linking.AutomaticRate, 0.5, 1);
        Assert.InRange(figures.Linking.ReviewRate, 0, 1);
        Assert.Equal(figures.Linking.LinkedRecords, figures.Linking.Automatic + figures.Linking.NewChildren + figures.Linking.BySteward);

        Assert.Equal(await db.Alerts.CountAsync(a => a.Status != "closed"), figures.Alerts.Sum(a => a.Open + a.Acknowledged));
        var versions = await db.SourceRecordVersions.Join(db.SourceRecords, v => v.SourceRecordId, r => r.Id, (v, r) => r.Agency)
            .GroupBy(agency => agency).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);
        Assert.Equal(versions.Values.Sum(), figures.Ingestion.Sum(day => day.Records));
        Assert.All(figures.Ingestion, day => Assert.Equal(DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), day.Day));
        Assert.Equal(versions.Count, figures.Ingestion.Select(day => day.Agency).Distinct().Count());

        var entry = await hub.LastEntryAsync();
        Assert.Equal("/dataexchange.v1.Dashboard/GetDashboard", entry.Rpc);
        Assert.Equal("", entry.Children);
    }

    [Fact]
    public async Task ARegionPrefixAndItsGroupingNarrowTheCounts()
    {
        await using var db = await hub.Contexts().CreateDbContextAsync();
        var region = (await db.Children.Where(c => c.Active && c.RegionCode.Length == 6).Select(c => c.RegionCode).FirstAsync())[..4];

        var figures = await new Dashboard.DashboardClient(hub.Invoker(hub.AdminToken()))
            .GetDashboardAsync(new GetDashboardRequest { RegionCode = region, RegionDigits = 6, Days = 1 });

        Assert.Equal(await db.Children.CountAsync(c => c.Active && c.RegionCode.StartsWith(region)), figures.TotalChildren);
        Assert.All(figures.Children, c => Assert.StartsWith(region, c.RegionCode));
        Assert.All(figures.Children, c => Assert.Equal(6, c.RegionCode.Length));
        Assert.Equal(await db.MatchCandidates.CountAsync(c => c.Status == "open" && c.RegionCode.StartsWith(region)), figures.Review.Open);
    }

    [Theory]
    [InlineData("region_digits", "", 3, 0)]
    [InlineData("days", "", 0, 400)]
    [InlineData("region_code", "51x", 0, 0)]
    public async Task BadArgumentsAreRefusedNamingTheField(string field, string region, int digits, int days)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => new Dashboard.DashboardClient(hub.Invoker(hub.StewardToken()))
            .GetDashboardAsync(new GetDashboardRequest { RegionCode = region, RegionDigits = digits, Days = days }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(field, error.Status.Detail, StringComparison.Ordinal);
    }
}
