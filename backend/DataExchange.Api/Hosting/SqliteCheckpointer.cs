using DataExchange.Data.Providers;
using Microsoft.Data.Sqlite;

namespace DataExchange.Api.Hosting;

/// <summary>
/// Copies SQLite's write-ahead log into the database file once a second, off the request path (request connections
/// have automatic checkpoints off: see DatabaseOptions.CheckpointInBackground). PASSIVE never waits for readers or
/// writers; a checkpoint that cannot finish now finishes on a later tick. Durability is unchanged: a commit is
/// durable in the log, the checkpoint only moves it.
/// </summary>
public sealed partial class SqliteCheckpointer(DatabaseOptions database, ILogger<SqliteCheckpointer> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await timer.WaitForNextTickAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                await using var connection = new SqliteConnection(database.ConnectionString);
                await connection.OpenAsync(stoppingToken);
                await using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
                await command.ExecuteNonQueryAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogFailure(exception);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checkpointing the SQLite log failed; trying again in a second")]
    private partial void LogFailure(Exception exception);
}
