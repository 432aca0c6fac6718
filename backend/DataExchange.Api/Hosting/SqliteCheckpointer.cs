using DataExchange.Data.Providers;

namespace DataExchange.Api.Hosting;

/// <summary>
/// Copies SQLite's write-ahead log into the database file once a second, off the request path (request connections
/// have automatic checkpoints off: see DatabaseOptions.CheckpointInBackground). PASSIVE never waits for readers or
/// writers; a checkpoint that cannot finish now finishes on a later tick. Durability is unchanged: a commit is
/// durable in the log, the checkpoint only moves it.
/// </summary>
public sealed partial class SqliteCheckpointer(DatabaseOptions database, ILogger<SqliteCheckpointer> logger)
    : SqliteMaintenance(database, "PRAGMA wal_checkpoint(PASSIVE);", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1))
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Checkpointing the SQLite log failed; trying again in a second")]
    protected override partial void LogFailure(Exception exception);
}
