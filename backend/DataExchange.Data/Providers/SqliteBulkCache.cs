using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace DataExchange.Data.Providers;

/// <summary>
/// A larger SQLite page cache on one connection for the length of one bulk unit of work, then the connection's own
/// setting again, and the native connection left out of the pool (a host's later units must not keep the bulk unit's
/// cache, nor the page-hash table it grew).
/// <para>
/// Why: the empty hub's batch link writes every child, holding, conflict, alert, event and link in one transaction,
/// into a dozen indexes keyed in no particular order. Once those indexes outgrow the cache (<see cref="SqlitePragmas"/>'
/// 64 MiB; at 1,000,000 children they are about a gigabyte), SQLite spills dirty pages to the WAL mid-transaction and
/// appends the same page again each time it is dirtied anew: the 1,000,000-children load wrote about 60 GB for a 4.3 GB
/// file. The cache fills only with pages the unit touches, at most the size given: peak RSS of dx import at 100,000
/// children went from 2.28 to 2.83 GB, memory given back when the unit ends.
/// </para>
/// </summary>
public static class SqliteBulkCache
{
    /// <summary>The cache a bulk unit gets: enough for the indexes a 1,000,000-children initial load writes.</summary>
    public const int BulkCacheMebibytes = 1024;

    /// <summary>
    /// Widens the cache of <paramref name="connection"/> (open) to <paramref name="mebibytes"/> until the result is
    /// disposed; does nothing on another provider.
    /// </summary>
    public static async Task<IAsyncDisposable> WidenAsync(DbConnection connection, int mebibytes, CancellationToken cancellationToken)
    {
        if (connection is not SqliteConnection sqlite)
        {
            return Restore.None;
        }

        var before = Convert.ToInt64(await ScalarAsync(sqlite, "PRAGMA cache_size;", cancellationToken), CultureInfo.InvariantCulture);
        await ScalarAsync(sqlite, string.Create(CultureInfo.InvariantCulture, $"PRAGMA cache_size=-{mebibytes * 1024L};"), cancellationToken);
        return new Restore(sqlite, before);
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    private sealed class Restore(SqliteConnection? connection, long cacheSize) : IAsyncDisposable
    {
        public static readonly Restore None = new(null, 0);

        public async ValueTask DisposeAsync()
        {
            if (connection is null)
            {
                return;
            }

            try
            {
                // Shrinking the cache frees the pages past the old size; run even after a failed unit (the connection lives on).
                if (connection.State == System.Data.ConnectionState.Open)
                {
                    await ScalarAsync(connection, string.Create(CultureInfo.InvariantCulture, $"PRAGMA cache_size={cacheSize};"), CancellationToken.None);
                }
            }
            finally
            {
                // The native connection is not pooled again, whether or not the setting could be put back. EF closes a
                // connection it opened itself when the unit's transaction commits, so the restore above can find it
                // already back in the pool at the wide setting; and even shrunk, SQLite keeps the page-hash table the
                // wide cache grew, which every later WAL read on that connection walks in full whenever another
                // writer's commit resets its cache (pcache1TruncateUnsafe, 2-4% of a host serving GetChild).
                // Microsoft.Data.Sqlite can only clear the whole pool: its idle connections are closed too and reopened
                // on demand (an open, the pragmas and one schema read each), once per bulk unit.
                SqliteConnection.ClearPool(connection);
            }
        }
    }
}
