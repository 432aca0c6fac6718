using DataExchange.Data.Providers;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace DataExchange.Data.Tests.Bulk;

/// <summary>
/// A fresh database for one test: a temporary SQLite file, or a new database on the private PostgreSQL server that
/// infra/scripts/test.sh starts (DX_TEST_POSTGRES); removed afterwards.
/// </summary>
public sealed class ScratchDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "DX_TEST_POSTGRES";

    private readonly string? folder;
    private readonly string? server;
    private readonly string? name;

    private ScratchDatabase(DatabaseOptions options, string? folder, string? server, string? name)
    {
        Options = options;
        this.folder = folder;
        this.server = server;
        this.name = name;
    }

    public DatabaseOptions Options { get; }

    public static ScratchDatabase Create(DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            var folder = Directory.CreateTempSubdirectory("dx-bulk-").FullName;
            return new ScratchDatabase(
                new DatabaseOptions { Provider = provider, ConnectionString = $"Data Source={Path.Combine(folder, "hub.db")}" }, folder, null, null);
        }

        var server = Environment.GetEnvironmentVariable(PostgresVariable)
            ?? throw new InvalidOperationException($"{PostgresVariable} is not set (infra/scripts/test.sh sets it).");
        var name = "dx_bulk_" + Guid.NewGuid().ToString("N")[..12];
        var connection = new NpgsqlConnectionStringBuilder(server) { Database = name };
        return new ScratchDatabase(new DatabaseOptions { Provider = provider, ConnectionString = connection.ConnectionString }, null, server, name);
    }

    public async ValueTask DisposeAsync()
    {
        if (folder is not null)
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }

        if (server is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(server);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}

/// <summary>The providers a bulk test runs on: SQLite always, PostgreSQL where DX_TEST_POSTGRES names a server.</summary>
public static class BulkProviders
{
    public static TheoryData<DatabaseProvider> All()
    {
        var providers = new TheoryData<DatabaseProvider> { DatabaseProvider.Sqlite };
        if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(ScratchDatabase.PostgresVariable)))
        {
            providers.Add(DatabaseProvider.PostgreSql);
        }

        return providers;
    }
}
