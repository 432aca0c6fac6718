using DataExchange.Api.Hosting;
using DataExchange.Data;
using DataExchange.Data.Providers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataExchange.Api.FunctionalTests.Hosting;

/// <summary>
/// The statistics refresher's work reaches the host's pooled connections, not only the connection that ran ANALYZE: a
/// SQLite connection reads sqlite_stat1 with the schema, and ANALYZE on another connection changes no schema.
/// </summary>
public sealed class SqliteStatisticsTests : IAsyncLifetime
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "dx-statistics-" + Guid.NewGuid().ToString("N"));
    private ServiceProvider services = null!;
    private DatabaseOptions options = null!;

    // Two indexes on one table: the planner takes the one the statistics say is the more selective.
    private const string Plan = "EXPLAIN QUERY PLAN SELECT * FROM stats_probe WHERE a = 1 AND b = 1;";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(folder);
        options = new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(folder, "hub.db")}" };
        services = new ServiceCollection().AddSingleton(TimeProvider.System).AddExchangeDatabase(options).BuildServiceProvider();
        // b nearly unique, a three values: b's index is the better one.
        await ExecuteAsync("CREATE TABLE stats_probe (id INTEGER PRIMARY KEY, a INTEGER, b INTEGER); CREATE INDEX stats_probe_a ON stats_probe (a);"
            + " CREATE INDEX stats_probe_b ON stats_probe (b);"
            + " WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 19999) INSERT INTO stats_probe (a, b) SELECT i % 3, i FROM n;");
    }

    [Fact]
    public async Task AfterARefreshThePooledConnectionsPlanWithTheNewStatistics()
    {
        var statistics = new SqliteStatistics(options, NullLogger<SqliteStatistics>.Instance);
        await statistics.RunOnceAsync(CancellationToken.None);
        // Several connections in the pool, each having read the schema and the statistics.
        Assert.All(await PlansAsync(), plan => Assert.Contains("stats_probe_b", plan));

        // The data turns round (a nearly unique, b three values) and the statistics are refreshed: every connection the
        // pool hands out from now on takes a's index, not only the one that ran ANALYZE.
        await ExecuteAsync("UPDATE stats_probe SET a = id, b = id % 3;");
        await statistics.RunOnceAsync(CancellationToken.None);
        Assert.All(await PlansAsync(), plan => Assert.Contains("stats_probe_a", plan));
    }

    /// <summary>The plan on each of four connections from the host's pool, held open together (so that the pool hands
    /// out every connection it holds, not the last one given back four times).</summary>
    private async Task<List<string>> PlansAsync()
    {
        var open = new List<ExchangeDbContext>();
        try
        {
            var plans = new List<string>();
            for (var i = 0; i < 4; i++)
            {
                var db = await services.GetRequiredService<IDbContextFactory<ExchangeDbContext>>().CreateDbContextAsync();
                open.Add(db);
                await db.Database.OpenConnectionAsync();
                await using var command = db.Database.GetDbConnection().CreateCommand();
                command.CommandText = Plan;
                await using var reader = await command.ExecuteReaderAsync();
                var plan = "";
                while (await reader.ReadAsync())
                {
                    plan += reader.GetString(3) + "\n";
                }

                plans.Add(plan);
            }

            return plans;
        }
        finally
        {
            foreach (var db in open)
            {
                await db.DisposeAsync();
            }
        }
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<ExchangeDbContext>>().CreateDbContextAsync();
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}
