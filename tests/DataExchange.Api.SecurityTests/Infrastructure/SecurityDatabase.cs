using DataExchange.Data.Providers;
using Npgsql;

namespace DataExchange.Api.SecurityTests.Infrastructure;

/// <summary>A private database per test class: a temporary SQLite file, or a uniquely named database on the PostgreSQL server in DX_TEST_POSTGRES.</summary>
public sealed class SecurityDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "DX_TEST_POSTGRES";

    private readonly string folder = Path.Combine(Path.GetTempPath(), "dx-security-tests", Guid.NewGuid().ToString("N"));
    private readonly string? postgresServer;
    private readonly string? postgresDatabase;

    public SecurityDatabase(DatabaseProvider provider)
    {
        Directory.CreateDirectory(folder);
        var server = Environment.GetEnvironmentVariable(PostgresVariable);
        if (provider == DatabaseProvider.PostgreSql && !string.IsNullOrWhiteSpace(server))
        {
            postgresServer = server;
            postgresDatabase = "dx_security_" + Guid.NewGuid().ToString("N")[..12];
            Options = new DatabaseOptions
            {
                Provider = provider,
                ConnectionString = new NpgsqlConnectionStringBuilder(postgresServer) { Database = postgresDatabase }.ConnectionString,
            };
        }
        else
        {
            // SQLite, or PostgreSQL without a server: then every PostgreSQL test is skipped and this is never used.
            Options = new DatabaseOptions { Provider = provider, ConnectionString = $"Data Source={Path.Combine(folder, "hub.db")}" };
        }
    }

    public DatabaseOptions Options { get; }

    /// <summary>Where the host keeps its generated keys and salt for this class.</summary>
    public string KeysFolder => Path.Combine(folder, "keys");

    public async ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (postgresServer is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(postgresServer);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{postgresDatabase}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }

        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left to the temp cleaner.
        }
    }
}
