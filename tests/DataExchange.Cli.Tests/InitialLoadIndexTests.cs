using DataExchange.Cli.Import;
using DataExchange.Data;
using DataExchange.Data.Providers;
using DataExchange.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace DataExchange.Cli.Tests;

/// <summary>
/// dx import --db into an empty hub leaves the model's non-unique indexes out while it stores and links, and builds them
/// at the end (DeferredIndexes); a hub left without them (an import killed before the end) gets them back at its next
/// start (DatabaseSetup.MigrateAsync). The reference is a database built by EF's migrations alone: every index a hub
/// holds afterwards must be exactly one the migrations create, with the same definition.
/// </summary>
public class InitialLoadIndexTests
{
    private static async Task<(ImportResult Result, string Messages)> ImportAsync(string files, string database)
    {
        var messages = new StringWriter();
        await using var target = await DatabaseTarget.OpenAsync(DatabaseOptions.Parse(database), CancellationToken.None);
        var result = await new Importer(target, messages).RunAsync(files, CancellationToken.None);
        return (result, messages.ToString());
    }

    private static ExchangeDbContext Context(string database)
    {
        var builder = new DbContextOptionsBuilder<ExchangeDbContext>();
        DatabaseSetup.Configure(builder, DatabaseOptions.Parse(database));
        return new ExchangeDbContext(builder.Options);
    }

    /// <summary>Every index of the database by name, with the SQL that created it (SQLite keeps it in sqlite_master).</summary>
    private static SortedDictionary<string, string> Indexes(string database)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        // Indexes SQLite makes itself (for UNIQUE/PRIMARY KEY constraints) have no SQL: they cannot be dropped or deferred.
        command.CommandText = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL";
        using var reader = command.ExecuteReader();
        var indexes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            indexes[reader.GetString(0)] = reader.GetString(1);
        }

        return indexes;
    }

    private static void Execute(string database, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static long Scalar(string database, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The indexes of a database that EF's migrations alone built (no DataExchange code on the way).</summary>
    private static async Task<SortedDictionary<string, string>> MigratedIndexesAsync(string folder)
    {
        var database = Path.Combine(folder, "reference.db");
        await using (var db = Context(database))
        {
            await db.Database.MigrateAsync();
        }

        SqliteConnection.ClearAllPools();
        return Indexes(database);
    }

    [Fact]
    public async Task AnInitialLoadDefersTheNonUniqueIndexesAndEndsWithEveryIndexTheMigrationsCreate()
    {
        using var sample = new GeneratedSample(children: 300, seed: 20261203);
        using var folder = new ImportFolder();
        var reference = await MigratedIndexesAsync(Path.GetDirectoryName(folder.Database)!);

        var (result, messages) = await ImportAsync(sample.Folder, folder.Database);

        Assert.True(result.Accepted > 0);
        // The load did defer them (an import that kept every index while storing would not say so)...
        Assert.Matches(@"\d+ deferred indexes built in", messages);
        // ...and built each again exactly as its migration defines it.
        Assert.Equal(reference, Indexes(folder.Database));
    }

    [Fact]
    public async Task AHubMissingItsDeferredIndexesGetsThemBackAtTheNextStartAndAResendStoresNothingTwice()
    {
        using var sample = new GeneratedSample(children: 300, seed: 20261203);
        using var folder = new ImportFolder();
        var reference = await MigratedIndexesAsync(Path.GetDirectoryName(folder.Database)!);
        var (first, _) = await ImportAsync(sample.Folder, folder.Database);
        var records = Scalar(folder.Database, "SELECT COUNT(*) FROM source_records");
        var versions = Scalar(folder.Database, "SELECT COUNT(*) FROM source_record_versions");

        // What an import killed before its end leaves: rows committed, the non-unique indexes of its tables missing.
        SqliteConnection.ClearAllPools();
        var nonUnique = reference.Where(index => !index.Value.StartsWith("CREATE UNIQUE", StringComparison.Ordinal)).Select(index => index.Key).ToList();
        Assert.NotEmpty(nonUnique);
        nonUnique.ForEach(name => Execute(folder.Database, $"DROP INDEX \"{name}\""));
        Assert.DoesNotContain(nonUnique[0], Indexes(folder.Database).Keys);

        // The host's start (and every dx command's) runs DatabaseSetup.MigrateAsync.
        await using (var db = Context(folder.Database))
        {
            await DatabaseSetup.MigrateAsync(db, DatabaseOptions.Parse(folder.Database), CancellationToken.None);
        }

        SqliteConnection.ClearAllPools();
        Assert.Equal(reference, Indexes(folder.Database));

        // A resend of the same files into the repaired hub stores nothing twice.
        var (second, _) = await ImportAsync(sample.Folder, folder.Database);
        Assert.Equal((0, first.Accepted), (second.Accepted, second.Unchanged));
        Assert.Equal(records, Scalar(folder.Database, "SELECT COUNT(*) FROM source_records"));
        Assert.Equal(versions, Scalar(folder.Database, "SELECT COUNT(*) FROM source_record_versions"));
        Assert.Equal(reference, Indexes(folder.Database));
    }

    [Fact]
    public async Task AResendIntoAHubWhoseImportWasKilledRepairsItsIndexesAndStoresNothingTwice()
    {
        using var sample = new GeneratedSample(children: 300, seed: 20261203);
        using var folder = new ImportFolder();
        var reference = await MigratedIndexesAsync(Path.GetDirectoryName(folder.Database)!);
        var (first, _) = await ImportAsync(sample.Folder, folder.Database);
        var versions = Scalar(folder.Database, "SELECT COUNT(*) FROM source_record_versions");
        SqliteConnection.ClearAllPools();
        var dropped = reference.Keys.First(name => !reference[name].StartsWith("CREATE UNIQUE", StringComparison.Ordinal));
        Execute(folder.Database, $"DROP INDEX \"{dropped}\"");

        // The rerun an operator would do after the kill: dx import of the same files, nothing else.
        var (second, _) = await ImportAsync(sample.Folder, folder.Database);

        Assert.Equal((0, first.Accepted, 0), (second.Accepted, second.Unchanged, second.Rejected - first.Rejected));
        Assert.Equal(versions, Scalar(folder.Database, "SELECT COUNT(*) FROM source_record_versions"));
        Assert.Equal(reference, Indexes(folder.Database));
    }
}
