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
/// </summary>
public sealed partial class SqliteStatistics(DatabaseOptions database, ILogger<SqliteStatistics> logger) : BackgroundService
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(FirstDelay, stoppingToken);
            using var timer = new PeriodicTimer(Interval);
            do
            {
                await AnalyzeAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private async Task AnalyzeAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var connection = new SqliteConnection(database.ConnectionString);
            await connection.OpenAsync(stoppingToken);
            await using var command = connection.CreateCommand();
            // A write (sqlite_stat1): it waits for the linker's transaction like any writer (busy timeout).
            command.CommandText = "PRAGMA busy_timeout=10000; PRAGMA analysis_limit=1000; ANALYZE;";
            await command.ExecuteNonQueryAsync(stoppingToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogFailure(exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Updating SQLite's planner statistics failed; trying again in a minute")]
    private partial void LogFailure(Exception exception);
}
