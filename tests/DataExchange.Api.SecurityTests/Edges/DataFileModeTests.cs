using DataExchange.Api.SecurityTests.Infrastructure;
using DataExchange.Contracts.V1;
using DataExchange.Data.Providers;
using Microsoft.AspNetCore.Hosting;
using Agency = DataExchange.Domain.Agencies.Agency;

namespace DataExchange.Api.SecurityTests.Edges;

/// <summary>
/// On a fresh machine the host creates its data folder 0700 and the SQLite database with its -wal and -shm 0600,
/// like its keys: the database once came out 0644 in a 0755 folder, readable by every local account.
/// </summary>
public sealed class DataFileModeTests
{
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public async Task AFreshHostCreatesItsDataFolderAndDatabaseFilesOwnerOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Windows has ACLs, not modes: the data folder inherits its parent's.
        }

        var root = Path.Combine(Path.GetTempPath(), "dx-edge-modes", Guid.NewGuid().ToString("N"));
        var data = Path.Combine(root, "data");
        try
        {
            await using (var hub = new FreshFolderHub(data))
            {
                var client = new RecordExchange.RecordExchangeClient(hub.AgencyInvoker(Agency.Education));
                await client.VerifyIdentityAsync(new VerifyIdentityRequest { IdNumber = World.IdNumber(1) });

                // Another test's SqliteConnection.ClearAllPools (process-wide) can close the hub's idle connections, and
                // SQLite deletes the WAL and shared-memory files with the last one; a read on a connection held open here
                // keeps them (SQLite creates them with the database file's mode, whoever opens it).
                await using var held = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(data, "hub.db")};Pooling=False");
                await held.OpenAsync();
                await using (var read = held.CreateCommand())
                {
                    read.CommandText = "SELECT count(*) FROM sqlite_master";
                    await read.ExecuteScalarAsync();
                }

                Assert.Equal(OwnerOnlyFolder, File.GetUnixFileMode(data));
                Assert.Equal(OwnerOnlyFolder, File.GetUnixFileMode(Path.Combine(data, "keys")));
                foreach (var file in new[] { "hub.db", "hub.db-wal", "hub.db-shm" })
                {
                    Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(Path.Combine(data, file)));
                }

                foreach (var key in Directory.GetFiles(Path.Combine(data, "keys")))
                {
                    Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(key));
                }
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>A host whose database and keys live in a data folder that does not exist yet.</summary>
    private sealed class FreshFolderHub(string data) : SecurityHub(DatabaseProvider.Sqlite)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Database:ConnectionString", $"Data Source={Path.Combine(data, "hub.db")}");
            builder.UseSetting("Identity:KeysFolder", Path.Combine(data, "keys"));
        }
    }
}
