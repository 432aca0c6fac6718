using DataExchange.Data.Providers;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace DataExchange.Data.Tests;

/// <summary>
/// Every connection the host opens carries the SQLite settings, although they are applied only the first time a
/// native connection is opened: a pooled connection keeps them, a new native connection gets them.
/// </summary>
public sealed class SqlitePragmasTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("dx-pragmas-").FullName;

    [Fact]
    public async Task EveryOpenedConnectionHasTheSettingsWhetherPooledOrNew()
    {
        var options = new DatabaseOptions
        {
            Provider = DatabaseProvider.Sqlite,
            ConnectionString = $"Data Source={Path.Combine(folder, "hub.db")}",
            CheckpointInBackground = true,
        };
        var builder = new DbContextOptionsBuilder<ExchangeDbContext>();
        DatabaseSetup.Configure(builder, options);

        var seen = new List<string>();
        for (var open = 0; open < 3; open++)
        {
            if (open == 2)
            {
                SqliteConnection.ClearAllPools(); // The next open gets a new native connection.
            }

            await using var db = new ExchangeDbContext(builder.Options);
            await db.Database.OpenConnectionAsync();
            seen.Add(await SettingsAsync((SqliteConnection)db.Database.GetDbConnection()));
        }

        Assert.All(seen, settings => Assert.Equal("journal_mode=wal foreign_keys=1 temp_store=2 cache_size=-65536 wal_autocheckpoint=0 busy_timeout=10000", settings));
    }

    [Fact]
    public async Task ABulkUnitsWiderCacheEndsWithTheUnit()
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "bulk.db")}");
        await connection.OpenAsync();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "PRAGMA cache_size=-65536;";
            await command.ExecuteNonQueryAsync();
        }

        long during;
        await using (await SqliteBulkCache.WidenAsync(connection, 1024, CancellationToken.None))
        {
            during = await CacheSizeAsync(connection);
        }

        Assert.Equal((-1024L * 1024, -65536L), (during, await CacheSizeAsync(connection)));
    }

    private static async Task<long> CacheSizeAsync(SqliteConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA cache_size;";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    private static async Task<string> SettingsAsync(SqliteConnection connection)
    {
        var settings = new List<string>();
        foreach (var pragma in new[] { "journal_mode", "foreign_keys", "temp_store", "cache_size", "wal_autocheckpoint", "busy_timeout" })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA {pragma}";
            settings.Add($"{pragma}={await command.ExecuteScalarAsync()}");
        }

        return string.Join(' ', settings);
    }
}
