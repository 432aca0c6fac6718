using DataExchange.Data.Providers;
using Microsoft.Data.Sqlite;

namespace DataExchange.Api.Hosting;

/// <summary>
/// One SQLite statement run in the background on a connection of its own, after <paramref name="firstDelay"/> and then
/// every <paramref name="interval"/>, off the request path: what the checkpointer and the statistics refresher share.
/// A failed run is logged and tried again on the next tick; stopping the host ends it.
/// </summary>
public abstract class SqliteMaintenance(DatabaseOptions database, string statement, TimeSpan firstDelay, TimeSpan interval) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(firstDelay, stoppingToken);
            using var timer = new PeriodicTimer(interval);
            do
            {
                await RunOnceAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    /// <summary>One run now, as a tick of the timer runs it (a failure is logged, not thrown).</summary>
    public async Task RunOnceAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var connection = new SqliteConnection(database.ConnectionString);
            await connection.OpenAsync(stoppingToken);
            await using var command = connection.CreateCommand();
            command.CommandText = statement;
            await command.ExecuteNonQueryAsync(stoppingToken);
            Ran(connection);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogFailure(exception);
        }
    }

    /// <summary>After a run that succeeded, on its connection (still open, so it shares the host's connection pool).</summary>
    protected virtual void Ran(SqliteConnection connection)
    {
    }

    /// <summary>Says which maintenance failed (a LoggerMessage of the subclass's own).</summary>
    protected abstract void LogFailure(Exception exception);
}
