using System.Data.Common;
using DataExchange.Data;
using DataExchange.Data.Providers;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace DataExchange.Cli.Inputs;

/// <summary>
/// Checks a <c>--db</c> before a verb works on it: that a SQLite file is a SQLite file, that a server answers, and,
/// for the verbs that only read (report, export-links, audit), that it already is a hub's database at the current
/// schema. A read-only verb never creates or migrates a database: a mistyped path is a mistake, not a new hub.
/// </summary>
public static class DatabaseInput
{
    private static readonly byte[] SqliteMagic = "SQLite format 3\0"u8.ToArray();

    /// <summary>For dx import: the database may be new (it is created and migrated), but what exists must be a database.</summary>
    public static async Task<DatabaseOptions> ForWritingAsync(string spec, CancellationToken cancellationToken)
    {
        var options = DatabaseOptions.Parse(spec);
        if (options.Provider == DatabaseProvider.Sqlite)
        {
            var file = SqliteFile(options);
            if (file is not null && File.Exists(file))
            {
                CheckSqliteFile(file);
            }
        }
        else
        {
            await CheckServerAsync(options, missingDatabaseIsFine: true, cancellationToken);
        }

        return options;
    }

    /// <summary>For the read-only verbs: an existing hub database at the schema this dx expects.</summary>
    public static async Task<DatabaseOptions> ExistingHubAsync(string spec, CancellationToken cancellationToken)
    {
        var options = DatabaseOptions.Parse(spec);
        if (options.Provider == DatabaseProvider.Sqlite)
        {
            var file = SqliteFile(options)
                ?? throw new InputException("--db: an in-memory SQLite database holds no hub; give the hub's database file");
            if (Directory.Exists(file))
            {
                throw new InputException(
                    $"--db {file} is a folder; give the hub's database file in it (e.g. {Path.Combine(file, "dataexchange.db")})");
            }

            if (!File.Exists(file))
            {
                throw new InputException($"--db {Path.GetFullPath(file)}: no such database; "
                    + "check the path (the host keeps its database in data/dataexchange.db)");
            }

            CheckSqliteFile(file);
            if (new FileInfo(file).Length == 0)
            {
                throw new InputException($"--db {file} is not a hub database (an empty file); give the host's database, "
                    + "or fill this one with dx import DIR --db");
            }

            // Opened without create, so that nothing is made even if the file vanished since the check.
            var builder = new SqliteConnectionStringBuilder(options.ConnectionString) { Mode = SqliteOpenMode.ReadWrite };
            options = new DatabaseOptions { Provider = options.Provider, ConnectionString = builder.ToString() };
        }
        else
        {
            await CheckServerAsync(options, missingDatabaseIsFine: false, cancellationToken);
        }

        await CheckSchemaAsync(options, spec, cancellationToken);
        return options;
    }

    private static string? SqliteFile(DatabaseOptions options)
    {
        var file = new SqliteConnectionStringBuilder(options.ConnectionString).DataSource;
        return file is "" or ":memory:" ? null : file;
    }

    private static void CheckSqliteFile(string file)
    {
        if (Directory.Exists(file))
        {
            throw new InputException($"--db {file} is a folder; give the hub's database file");
        }

        var start = new byte[SqliteMagic.Length];
        int read;
        try
        {
            using var stream = File.OpenRead(file);
            read = stream.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"--db {file} cannot be read: {exception.Message}");
        }

        // An empty file is what SQLite itself leaves for a database not yet written: it is one.
        if (read > 0 && (read < SqliteMagic.Length || !start.AsSpan().SequenceEqual(SqliteMagic)))
        {
            var kind = Path.GetExtension(file).ToLowerInvariant() is ".csv" or ".xlsx"
                ? " (it is an exchange file: those go to dx import DIR)"
                : "";
            throw new InputException($"--db {file} is not a SQLite database{kind}; give the hub's database file");
        }
    }

    // Opens one plain connection (no retry policy: an unreachable server is answered in seconds, not after retries).
    private static async Task CheckServerAsync(DatabaseOptions options, bool missingDatabaseIsFine, CancellationToken cancellationToken)
    {
        await using var db = Context(options);
        var connection = db.Database.GetDbConnection();
        try
        {
            await connection.OpenAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is DbException or InvalidOperationException or TimeoutException or ArgumentException)
        {
            if (missingDatabaseIsFine && exception is DbException { SqlState: "3D000" })
            {
                return; // PostgreSQL: the database does not exist yet; migrating creates it.
            }

            throw new InputException($"--db: cannot use the {options.Provider} database at {Where(options)}: {OneLine(exception.Message)}; "
                + "check that the server runs and the connection string (host, port, database, user, password)");
        }
        finally
        {
            await connection.CloseAsync();
        }
    }

    private static async Task CheckSchemaAsync(DatabaseOptions options, string spec, CancellationToken cancellationToken)
    {
        await using var db = Context(options);
        IReadOnlyList<string> applied, pending;
        try
        {
            applied = [.. await db.Database.GetAppliedMigrationsAsync(cancellationToken)];
            pending = [.. await db.Database.GetPendingMigrationsAsync(cancellationToken)];
        }
        catch (DbException exception)
        {
            throw new InputException($"--db {Shown(options, spec)} cannot be read as a hub database: {OneLine(exception.Message)}");
        }

        if (applied.Count == 0)
        {
            throw new InputException($"--db {Shown(options, spec)} is not a hub database (it has none of the hub's tables); "
                + "give the host's database, or fill this one with dx import DIR --db");
        }

        if (pending.Count > 0)
        {
            throw new InputException($"--db {Shown(options, spec)} is at an older schema ({pending.Count} migrations to apply); "
                + "upgrade it first: start the host on it, or run dx import on it");
        }
    }

    private static ExchangeDbContext Context(DatabaseOptions options)
    {
        var builder = new DbContextOptionsBuilder<ExchangeDbContext>();
        DatabaseSetup.Configure(builder, options);
        return new ExchangeDbContext(builder.Options);
    }

    /// <summary>Where a server database is, without the password: host, port and database of the connection string.</summary>
    private static string Where(DatabaseOptions options)
    {
        var builder = new DbConnectionStringBuilder();
        try
        {
            builder.ConnectionString = options.ConnectionString;
        }
        catch (ArgumentException)
        {
            return "(an unreadable connection string)";
        }

        string Get(params string[] keys) =>
            keys.Select(key => builder.TryGetValue(key, out var value) ? value?.ToString() : null)
                .FirstOrDefault(v => !string.IsNullOrEmpty(v)) ?? "";

        var host = Get("Host", "Server", "Data Source");
        var port = Get("Port");
        var database = Get("Database", "Initial Catalog");
        var server = host.Length > 0 ? host : "(no host)";
        return $"{server}{(port.Length > 0 ? ":" + port : "")}{(database.Length > 0 ? "/" + database : "")}";
    }

    private static string Shown(DatabaseOptions options, string spec) =>
        options.Provider == DatabaseProvider.Sqlite ? SqliteFile(options) ?? spec : Where(options);

    /// <summary>A message as one line (a driver's message may hold several), without its closing full stop.</summary>
    public static string OneLine(string text) =>
        string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).TrimEnd('.');
}
