using System.Data.Common;
using Npgsql;

namespace DataExchange.Data.Providers;

/// <summary>
/// The hub's defaults for a PostgreSQL connection string, each applied only when the operator's string does not set
/// it. Max Auto Prepare: the statements a call runs again and again (GetChild's reads, the audit append, the
/// linker's look-ups) are prepared on each pooled connection after a few uses, so PostgreSQL stops parsing and
/// planning them on every call (prepared statements survive the pool's reset). After a migration that changes a
/// table, restart the hosts (the release step does): a statement prepared before it may fail once.
/// </summary>
public static class PostgresConnection
{
    public const int MaxAutoPrepare = 64;

    public static string WithDefaults(string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!given.Keys.Cast<string>().Any(key => string.Equals(key.Replace(" ", "", StringComparison.Ordinal), "MaxAutoPrepare", StringComparison.OrdinalIgnoreCase)))
        {
            builder.MaxAutoPrepare = MaxAutoPrepare;
        }

        return builder.ConnectionString;
    }
}
