using System.Diagnostics;
using DataExchange.Api.SecurityTests.Infrastructure;
using DataExchange.Data.Providers;
using DataExchange.Data.Records;
using DataExchange.Domain.Records;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Agency = DataExchange.Domain.Agencies.Agency;

namespace DataExchange.Api.SecurityTests.Portal;

/// <summary>The demo switch: fills an empty hub once, leaves a hub with records alone, and is refused outside Development.</summary>
public sealed class DemoSeedTests
{
    private static readonly string[] DemoPeople = ["steward@demo.local", "administrator@demo.local", "auditor@demo.local"];

    [Fact]
    public async Task TheDemoSeedFillsAnEmptyHubAndASecondStartDoesNothing()
    {
        await using var database = new SecurityDatabase(DatabaseProvider.Sqlite);
        var first = await StartAsync(database, seed: true, Snapshot);

        Assert.True(first.Children > 100, $"children: {first.Children}");
        Assert.True(first.Records > first.Children);
        Assert.True(first.Candidates > 0 && first.Conflicts > 0 && first.Alerts > 0, first.ToString());
        Assert.Equal(0, first.Pending);
        Assert.Equal(DemoPeople.Order(), first.People.Keys.Order());
        Assert.Equal(["administrator", "auditor", "steward"], first.People.Values.Select(person => person.Role).Order());

        var second = await StartAsync(database, seed: true, Snapshot);

        Assert.Equal(first with { People = second.People }, second);
        Assert.Equal(first.People, second.People); // Same people, same password hashes: nothing created again.
    }

    [Fact]
    public async Task TheDemoSeedLeavesAHubWithRecordsAlone()
    {
        await using var database = new SecurityDatabase(DatabaseProvider.Sqlite);
        await StartAsync(database, seed: false, async host =>
        {
            var record = new SourceRecord { Agency = Agency.Health, SourceId = "h-1", Name = "李四", BirthDate = "2016-01-02", Sex = "F" };
            await host.Services.GetRequiredService<RecordIngestor>().WriteChunkAsync(Agency.Health, [new IndexedRecord(0, record)], "demo-test", CancellationToken.None);
            return 0;
        });

        var after = await StartAsync(database, seed: true, Snapshot);

        Assert.Equal(1, after.Records);
        Assert.Empty(after.People);
    }

    [Fact]
    public async Task TheDemoSwitchIsRefusedOutsideDevelopmentWithOneLine()
    {
        var host = Path.Combine(AppContext.BaseDirectory, "DataExchange.Api.dll");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            ArgumentList = { host, "--environment", "Production", "--Demo:Seed=true" },
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(start)!;
        var errors = await process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(1, process.ExitCode);
        var line = Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Demo:Seed", line, StringComparison.Ordinal);
        Assert.Contains("Development", line, StringComparison.Ordinal);
        Assert.Contains("Production", line, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", errors + output, StringComparison.Ordinal);
    }

    public sealed record HubState(int Records, int Children, int Candidates, int Conflicts, int Alerts, int Pending, IReadOnlyDictionary<string, (string Role, string Hash)> People);

    private static async Task<HubState> Snapshot(WebApplicationFactory<Program> host)
    {
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<Data.ExchangeDbContext>>().CreateDbContextAsync();
        var people = await db.Users.Where(user => DemoPeople.Contains(user.Email))
            .Join(db.UserRoles, user => user.Id, link => link.UserId, (user, link) => new { user.Email, user.PasswordHash, link.RoleId })
            .Join(db.Roles, row => row.RoleId, role => role.Id, (row, role) => new { row.Email, row.PasswordHash, role.Name }).ToListAsync();
        return new HubState(
            await db.SourceRecords.CountAsync(), await db.Children.CountAsync(c => c.Active), await db.MatchCandidates.CountAsync(),
            await db.Conflicts.CountAsync(), await db.Alerts.CountAsync(), await db.PendingLinks.CountAsync(),
            people.ToDictionary(person => person.Email!, person => (person.Name!, person.PasswordHash!)));
    }

    private static async Task<T> StartAsync<T>(SecurityDatabase database, bool seed, Func<WebApplicationFactory<Program>, Task<T>> inspect)
    {
        await using var host = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("Database:Provider", database.Options.Provider.ToString());
            builder.UseSetting("Database:ConnectionString", database.Options.ConnectionString);
            builder.UseSetting("Identity:KeysFolder", database.KeysFolder);
            builder.UseSetting("Identity:Administrator:Password", SecurityHub.AdminPassword);
            // Linking happens in the seed itself; no background worker may change counts between the two starts.
            builder.UseSetting("Reconciliation:BackgroundLinking", "false");
            builder.UseSetting("Demo:Seed", seed ? "true" : "false");
            builder.UseSetting("Demo:Children", "300");
        });
        _ = host.Server;
        return await inspect(host);
    }
}
