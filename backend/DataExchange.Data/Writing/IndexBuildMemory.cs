using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DataExchange.Data.Writing;

/// <summary>
/// PostgreSQL: the memory an index build may sort in, raised for this session only while missing indexes are built
/// (<see cref="ModelIndexes.RestoreMissingAsync"/>: after an initial load, or at a start that repairs one), then the
/// server's own setting again. Why: the default maintenance_work_mem (64 MB) holds the sort of about a million short
/// keys; an initial load of 1,000,000 children builds indexes over up to 2.9 million rows each, which spilled to temporary
/// files and merged them. The memory is taken only as a build needs it and given back when it ends; one build at a
/// time runs on the session. Other providers: nothing.
/// </summary>
internal static class IndexBuildMemory
{
    /// <summary>Enough to sort the largest index of a 1,000,000-children load in memory.</summary>
    public const string MaintenanceWorkMem = "512MB";

    private const string Widen = "SET maintenance_work_mem = '" + MaintenanceWorkMem + "'";

    public static async Task<IAsyncDisposable> WidenAsync(DbContext db, CancellationToken cancellationToken)
    {
        if (db.Database.GetDbConnection() is not NpgsqlConnection)
        {
            return Session.None;
        }

        // One open connection for the builds, so the setting (a session's) applies to all of them.
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await db.Database.ExecuteSqlRawAsync(Widen, cancellationToken);
        }
        catch
        {
            await db.Database.CloseConnectionAsync();
            throw;
        }

        return new Session(db);
    }

    private sealed class Session(DbContext? db) : IAsyncDisposable
    {
        public static readonly Session None = new(null);

        public async ValueTask DisposeAsync()
        {
            if (db is null)
            {
                return;
            }

            try
            {
                // The connection goes back to the pool: it must not keep the build's setting.
                await db.Database.ExecuteSqlRawAsync("RESET maintenance_work_mem", CancellationToken.None);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }
}
