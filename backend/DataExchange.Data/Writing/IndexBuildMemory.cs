using Npgsql;

namespace DataExchange.Data.Writing;

/// <summary>
/// PostgreSQL: the memory an index build may sort in, raised for one session only while missing indexes are built on it
/// (<see cref="IndexBuilds"/>: after an initial load, or at a start that repairs one), then the server's own setting
/// again. Why: the default maintenance_work_mem (64 MB) holds the sort of about a million short keys; an initial load of
/// 1,000,000 children builds indexes over up to 2.9 million rows each, which spilled to temporary files and merged them.
/// The memory is taken only as a build needs it and given back when it ends; one build at a time runs on a session
/// (<see cref="IndexBuilds.Sessions"/> sessions at most: that many times this at most).
/// </summary>
internal static class IndexBuildMemory
{
    /// <summary>Enough to sort the largest index of a 1,000,000-children load in memory.</summary>
    public const string MaintenanceWorkMem = "512MB";

    /// <summary>Raises the setting on the open connection's session; disposing the answer puts it back.</summary>
    public static async Task<IAsyncDisposable> WidenAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, "SET maintenance_work_mem = '" + MaintenanceWorkMem + "'", cancellationToken);
        return new Session(connection);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private sealed class Session(NpgsqlConnection connection) : IAsyncDisposable
    {
        // The connection goes back to the pool (which does not reset it, PostgresConnection): it must not keep the setting.
        public async ValueTask DisposeAsync() => await ExecuteAsync(connection, "RESET maintenance_work_mem", CancellationToken.None);
    }
}
