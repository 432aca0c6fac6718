using DataExchange.Data;
using DataExchange.Data.Providers;
using DataExchange.Data.Writing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DataExchange.Data.Tests.Bulk;

/// <summary>
/// An initial load drops the non-unique indexes of empty tables; a restart (MigrateAsync) of a hub left without them,
/// as a killed load leaves it, builds every one again with exactly the SQL the migrations created it with; so does the
/// load's own RestoreAsync on PostgreSQL, where the builds run side by side.
/// </summary>
public class DeferredIndexesTests
{
    [Fact]
    public async Task AKilledLoadsMissingIndexesAreBuiltAgainAtTheNextStartAsTheMigrationsMadeThem()
    {
        var path = Path.Combine(Path.GetTempPath(), $"dx-deferred-{Guid.NewGuid():N}.db");
        var options = new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={path};Pooling=false" };
        try
        {
            var builder = new DbContextOptionsBuilder<ExchangeDbContext>();
            DatabaseSetup.Configure(builder, options);
            await using var db = new ExchangeDbContext(builder.Options);
            await DatabaseSetup.MigrateAsync(db, options, CancellationToken.None);
            var migrated = await IndexSqlAsync(db);

            var deferred = await DeferredIndexes.DropAsync(db, CancellationToken.None);

            Assert.NotEmpty(deferred.Dropped);
            var left = await IndexSqlAsync(db);
            Assert.All(deferred.Dropped, name => Assert.DoesNotContain(name, left.Keys));
            // Every unique index stays: uniqueness holds throughout the load.
            Assert.All(migrated.Where(index => index.Value.Contains("UNIQUE", StringComparison.Ordinal)), index => Assert.Contains(index.Key, left.Keys));

            await DatabaseSetup.MigrateAsync(db, options, CancellationToken.None); // the next start

            Assert.Equal(migrated, await IndexSqlAsync(db));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            {
                File.Delete(file);
            }
        }
    }

    // PostgreSQL builds them two at a time, each on a session of its own (IndexBuilds): they end as the migrations made
    // them all the same, and none of the pooled connections the builds ran on keeps their maintenance_work_mem.
    [Fact]
    public async Task OnPostgresTheIndexesBuiltSideBySideEndAsTheMigrationsMadeThemAndNoPooledSessionKeepsTheirMemory()
    {
        await using var database = ScratchDatabase.Create(DatabaseProvider.PostgreSql);
        var builder = new DbContextOptionsBuilder<ExchangeDbContext>();
        DatabaseSetup.Configure(builder, database.Options);
        await using var db = new ExchangeDbContext(builder.Options);
        await DatabaseSetup.MigrateAsync(db, database.Options, CancellationToken.None);
        var migrated = await PostgresIndexSqlAsync(db);

        var deferred = await DeferredIndexes.DropAsync(db, CancellationToken.None);
        Assert.True(deferred.Dropped.Count > 1);
        var left = await PostgresIndexSqlAsync(db);
        Assert.All(deferred.Dropped, name => Assert.DoesNotContain(name, left.Keys));
        await deferred.RestoreAsync(db, CancellationToken.None);

        Assert.Equal(migrated, await PostgresIndexSqlAsync(db));
        // Clones of the context's connection share its pool: taken all at once, they include the sessions that built.
        var template = (NpgsqlConnection)db.Database.GetDbConnection();
        var sessions = Enumerable.Range(0, 3).Select(_ => (NpgsqlConnection)((ICloneable)template).Clone()).ToList();
        try
        {
            foreach (var session in sessions)
            {
                await session.OpenAsync();
                await using var command = new NpgsqlCommand("SELECT setting = reset_val FROM pg_settings WHERE name = 'maintenance_work_mem'", session);
                Assert.True((bool)(await command.ExecuteScalarAsync())!);
            }
        }
        finally
        {
            foreach (var session in sessions)
            {
                await session.DisposeAsync();
            }
        }
    }

    private static async Task<Dictionary<string, string>> PostgresIndexSqlAsync(ExchangeDbContext db) =>
        (await db.Database.SqlQueryRaw<IndexRow>("SELECT indexname AS \"Name\", indexdef AS \"Sql\" FROM pg_indexes WHERE schemaname = 'public'").ToListAsync())
        .ToDictionary(row => row.Name, row => row.Sql);

    private static async Task<Dictionary<string, string>> IndexSqlAsync(ExchangeDbContext db) =>
        (await db.Database.SqlQueryRaw<IndexRow>("SELECT name AS \"Name\", sql AS \"Sql\" FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").ToListAsync())
        .ToDictionary(row => row.Name, row => row.Sql);

    private sealed record IndexRow(string Name, string Sql);
}
