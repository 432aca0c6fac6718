using DataExchange.Data.Providers;
using Microsoft.Data.Sqlite;

namespace DataExchange.Api.Hosting;

/// <summary>
/// Keeps SQLite's query-planner statistics (sqlite_stat1) current: an approximate ANALYZE (analysis_limit: about a
/// thousand rows per index, milliseconds whatever the size of the hub) shortly after start and then once a minute,
/// off the request path. Without statistics SQLite guesses, and guessed wrong where it matters: SearchChildren by ID
/// number walked the agency's whole name index to avoid sorting one row (13 ms a call at 20,000 children, growing with
/// the hub) instead of looking the number up (measured with dx bench reads). PostgreSQL keeps its own statistics
/// (autovacuum). This is SQLite's own advice for long-lived connections (run ANALYZE or PRAGMA optimize periodically).
/// <para>
/// A connection reads the statistics only when it reads the schema, and ANALYZE changes no schema once sqlite_stat1
/// exists: every connection already open, which is every pooled one on a host in use, kept planning with the
/// statistics as they stood when it was opened, however much the hub has grown since. After each
/// run the pool is cleared, so each connection is reopened, and reads the new statistics, when next wanted (an open,
/// the pragmas and one schema read per connection, once a minute). GetChild's kept reads (PreparedChildReads) keep theirs: their six statements look
/// up rows by key, a plan no statistics change.
/// </para>
/// </summary>
public sealed partial class SqliteStatistics(DatabaseOptions database, ILogger<SqliteStatistics> logger)
    // A write (sqlite_stat1): it waits for the linker's transaction like any writer (busy timeout).
    : SqliteMaintenance(database, "PRAGMA busy_timeout=10000; PRAGMA analysis_limit=1000; ANALYZE;", TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(1))
{
    protected override void Ran(SqliteConnection connection) => SqliteConnection.ClearPool(connection);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Updating SQLite's planner statistics failed; trying again in a minute")]
    protected override partial void LogFailure(Exception exception);
}
