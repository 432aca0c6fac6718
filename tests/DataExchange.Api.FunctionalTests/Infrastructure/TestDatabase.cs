using DataExchange.Data.Providers;
using Npgsql;

namespace DataExchange.Api.FunctionalTests.Infrastructure;

/// <summary>A private database for one test class: a temporary SQLite file, or a fresh database on the test PostgreSQL server.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    /// <summary>Connection string of the PostgreSQL server the test command starts (infra/scripts/test.sh sets it).</summary>
    public const string PostgresVariable = "DX_TEST_POSTGRES";

    private readonly string? sqliteFolder;
    private readonly string? postgresAdmin;
    private readonly string? postgresDatabase;

    private TestDatabase(DatabaseOptions options, string? sqliteFolder, string? postgresAdmin, string? postgresDatabase)
    {
        Options = options;
        this.sqliteFolder = sqliteFolder;
        this.postgresAdmin = postgresAdmin;
        this.postgresDatabase = postgresDatabase;
    }

    public DatabaseOptions Options { get; }

    public static TestDatabase Create(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => CreateSqlite(),
        DatabaseProvider.PostgreSql => CreatePostgres(),
        _ => throw new NotSupportedException($"{provider} cannot run on these machines; its migrations are checked by script generation."),
    };

    private static TestDatabase CreateSqlite()
    {
        var folder = Path.Combine(Path.GetTempPath(), "dx-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var options = new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(folder, "hub.db")}" };
        return new TestDatabase(options, folder, null, null);
    }

    private static TestDatabase CreatePostgres()
    {
        var server = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrWhiteSpace(server))
        {
            throw new InvalidOperationException(
                $"{PostgresVariable} is not set. Run the tests with infra/scripts/test.sh, which starts a private PostgreSQL server, or point {PostgresVariable} at one.");
        }

        var name = "dx_test_" + Guid.NewGuid().ToString("N")[..12];
        var builder = new NpgsqlConnectionStringBuilder(server) { Database = name, Pooling = true };
        var options = new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = builder.ConnectionString };
        return new TestDatabase(options, null, server, name);
    }

    public async ValueTask DisposeAsync()
    {
        if (sqliteFolder is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(sqliteFolder, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open is left to the temp cleaner.
            }
        }

        if (postgresAdmin is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(postgresAdmin);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{postgresDatabase}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
