namespace DataExchange.Data.Providers;

/// <summary>The <c>Database</c> configuration section: which provider, and where.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>For SQLite a relative path is resolved against the working directory; its folder is created at start.</summary>
    public string ConnectionString { get; set; } = "Data Source=data/dataexchange.db";

    /// <summary>
    /// SQLite only: connections never checkpoint the write-ahead log themselves; a background checkpointer (the host's
    /// SqliteCheckpointer) does. Otherwise whichever request commits when the log passes 1,000 pages copies it into
    /// the database file inside that request: the long tail of GetChild (its audit entry is a write). Off for dx,
    /// whose bulk writes would grow the log without bound.
    /// </summary>
    public bool CheckpointInBackground { get; set; }

    /// <summary>
    /// Reads the short form the command line takes: a file path (SQLite), <c>sqlite:PATH</c>,
    /// <c>postgres:CONNSTRING</c>, <c>sqlserver:CONNSTRING</c>, or a bare connection string whose keys tell the provider.
    /// </summary>
    public static DatabaseOptions Parse(string spec)
    {
        static DatabaseOptions Make(DatabaseProvider provider, string connection) => new() { Provider = provider, ConnectionString = connection };

        if (spec.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
        {
            return Make(DatabaseProvider.Sqlite, SqliteFile(spec["sqlite:".Length..]));
        }

        if (spec.StartsWith("postgres:", StringComparison.OrdinalIgnoreCase) || spec.StartsWith("postgresql:", StringComparison.OrdinalIgnoreCase))
        {
            return Make(DatabaseProvider.PostgreSql, spec[(spec.IndexOf(':') + 1)..]);
        }

        if (spec.StartsWith("sqlserver:", StringComparison.OrdinalIgnoreCase))
        {
            return Make(DatabaseProvider.SqlServer, spec["sqlserver:".Length..]);
        }

        if (!spec.Contains('='))
        {
            return Make(DatabaseProvider.Sqlite, SqliteFile(spec));
        }

        var lower = spec.ToLowerInvariant();
        if (lower.Contains("host=") || lower.Contains("username="))
        {
            return Make(DatabaseProvider.PostgreSql, spec);
        }

        return lower.Contains("server=") || lower.Contains("initial catalog=")
            ? Make(DatabaseProvider.SqlServer, spec)
            : Make(DatabaseProvider.Sqlite, spec);
    }

    private static string SqliteFile(string path) => path.Contains('=') ? path : $"Data Source={path}";
}
