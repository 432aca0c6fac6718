using System.Data.Common;
using Npgsql;

namespace DataExchange.Data.Providers;

/// <summary>
/// The hub's defaults for a PostgreSQL connection string, each applied only when the operator's string does not set
/// it (measured on 64 concurrent GetChild callers, see the README).
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
/// their own that are never pooled (PostgresCoordination.DedicatedSession), the one session parameter set is put back
/// before its connection is (Writing.IndexBuildMemory: maintenance_work_mem while missing indexes are built, then
/// RESET), and nothing LISTENs, declares a cursor or creates a temporary table on PostgreSQL. A transaction left open is still rolled
/// back when the connection is handed back (Npgsql does that whatever this setting; PostgresConnectionTests checks it).
/// Code that ever needs session state must take a connection of its own, as the coordination does.
/// </para>
/// <para>
/// Maximum Pool Size 16 (Npgsql's own default is 100): 64 concurrent GetChild callers otherwise kept about 66
/// PostgreSQL backends busy, each a process the database's cores switch between; with 16 the callers queue in the
/// host for a connection (cheap) instead of in the database's run queue, and the audit group's backend gets a core
/// sooner. Measured back to back on the 2-core machine at the same floor (README): PostgreSQL's CPU per GetChild 197
/// instead of 412 µs, GetChild from outside 3,388 instead of 1,826 calls/s. Nothing in the hub holds a
/// pooled connection across a wait for a client (ingestion writes chunk by chunk, a unit of linking holds one, the
/// audit at most two, session locks are on connections of their own), so 16 are not held hostage; a caller waits for
/// one at most the connection's Timeout, and its call's deadline cancels the wait. Raise it in the connection string
/// for a database with many cores.
/// </para>
/// </summary>
public static class PostgresConnection
{
    public const int MaxAutoPrepare = 64;

    public const int MaxPoolSize = 16;

    public static string WithDefaults(string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Select(key => key.Replace(" ", "", StringComparison.Ordinal)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!given.Contains("MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = MaxAutoPrepare;
        }

        if (!given.Contains("MaximumPoolSize") && !given.Contains("MaxPoolSize"))
        {
            builder.MaxPoolSize = MaxPoolSize;
        }

        if (!given.Contains("NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }

        return builder.ConnectionString;
    }
}
