using DataExchange.Data;
using DataExchange.Data.Providers;
using DataExchange.Data.Writing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace DataExchange.Data.Tests.Bulk;

/// <summary>
/// An initial load drops the non-unique indexes of empty tables; a restart (MigrateAsync) of a hub left without them,
/// as a killed load leaves it, builds every one again with exactly the SQL the migrations created it with.
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

    private static async Task<Dictionary<string, string>> IndexSqlAsync(ExchangeDbContext db) =>
        (await db.Database.SqlQueryRaw<IndexRow>("SELECT name AS \"Name\", sql AS \"Sql\" FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").ToListAsync())
        .ToDictionary(row => row.Name, row => row.Sql);

    private sealed record IndexRow(string Name, string Sql);
}
