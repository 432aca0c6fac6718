using System.Data.Common;
using Npgsql;

namespace DataExchange.Data.Providers;

/// <summary>
/// The hub's defaults for a PostgreSQL connection string, each applied only when the operator's string does not set
/// it.
/// <para>
/// Max Auto Prepare: the statements a call runs again and again (GetChild's reads, the audit append, the linker's
/// look-ups) are prepared on each pooled connection after a few uses, so PostgreSQL stops parsing and planning them on
/// every call (prepared statements survive the pool's reset). After a migration that changes a table, restart the
/// hosts (the release step does): a statement prepared before it may fail once.
/// </para>
/// <para>
/// No Reset On Close: a pooled connection handed back is not reset (Npgsql otherwise sends seven statements with the
/// next command, <c>SET SESSION AUTHORIZATION DEFAULT; RESET ALL; CLOSE ALL; UNLISTEN *; SELECT
/// pg_advisory_unlock_all(); DISCARD SEQUENCES; DISCARD TEMP</c>, parsed and run by PostgreSQL each time: about 93,000
/// of them in one reads bench, one per GetChild). It is safe because the hub leaves no session state on a pooled
/// connection: session-level advisory locks (the linker's lease, a steward's writer lock) are taken on connections of
/// their own that are never pooled (PostgresCoordination.DedicatedSession), and nothing sets a session parameter,
/// LISTENs, declares a cursor or creates a temporary table on PostgreSQL. A transaction left open is still rolled
/// back when the connection is handed back (Npgsql does that whatever this setting; PostgresConnectionTests checks it).
/// Code that ever needs session state must take a connection of its own, as the coordination does.
/// </para>
/// </summary>
public static class PostgresConnection
{
    public const int MaxAutoPrepare = 64;

    public static string WithDefaults(string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Select(key => key.Replace(" ", "", StringComparison.Ordinal)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!given.Contains("MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = MaxAutoPrepare;
        }

        if (!given.Contains("NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }

        return builder.ConnectionString;
    }
}
