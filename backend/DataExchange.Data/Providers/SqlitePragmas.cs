using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace DataExchange.Data.Providers;

/// <summary>
/// Per-connection SQLite settings: WAL lets readers run beside the writer, NORMAL sync is durable across
/// application crashes in WAL mode, and a busy timeout turns writer contention into waiting, not errors.
/// </summary>
internal sealed class SqlitePragmas(bool checkpointInBackground) : DbConnectionInterceptor
{
    private readonly string pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;"
        + (checkpointInBackground ? " PRAGMA wal_autocheckpoint=0;" : "");

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
