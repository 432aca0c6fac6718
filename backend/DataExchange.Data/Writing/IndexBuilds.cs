using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DataExchange.Data.Writing;

/// <summary>
/// Runs the CREATE INDEX statements of <see cref="ModelIndexes.RestoreMissingAsync"/>.
/// <para>
/// PostgreSQL, outside a transaction: <see cref="Sessions"/> builds at a time, each on a connection of its own (the
/// context's, cloned: same server, same credentials) with <see cref="IndexBuildMemory"/>'s setting, taking the next
/// statement as the previous ends. Why: one build scans its table and sorts its keys on one core of the server,
/// writing its index meanwhile; built one after the other, the deferred indexes of an initial load left the other core
/// idle. Two builds on one table only share its lock (CREATE INDEX takes SHARE, which does not conflict with itself).
/// A failed build stops the other sessions from starting another; the failure is thrown.
/// </para>
/// <para>
/// Elsewhere, and inside the context's transaction (only its own session sees what it wrote): one after the other on
/// the context's connection. SQLite has one writer: a second connection would only wait for the first.
/// </para>
/// </summary>
internal static class IndexBuilds
{
    /// <summary>Builds at a time on PostgreSQL: one per core of the 2-core machines the hub is measured on.</summary>
    public const int Sessions = 2;

    public static async Task RunAsync(DbContext db, IReadOnlyList<string> statements, CancellationToken cancellationToken)
    {
        if (statements.Count == 0)
        {
            return;
        }

        if (db.Database.GetDbConnection() is not NpgsqlConnection connection)
        {
            await ModelOperations.ExecuteAsync(db, statements, cancellationToken);
            return;
        }

        if (db.Database.CurrentTransaction is not null)
        {
            // The transaction holds the connection open.
            await using (await IndexBuildMemory.WidenAsync(connection, cancellationToken))
            {
                await ModelOperations.ExecuteAsync(db, statements, cancellationToken);
            }

            return;
        }

        var work = new Work(statements, db.Database.GetCommandTimeout());
        await Task.WhenAll(Enumerable.Range(0, Math.Min(Sessions, statements.Count)).Select(_ => Task.Run(() => BuildAsync(connection, work, cancellationToken))));
    }

    // One session: the next statement until none is left or another session failed (a build running then is let finish,
    // so that what is thrown is each session's own failure, not a cancellation).
    private static async Task BuildAsync(NpgsqlConnection template, Work work, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = (NpgsqlConnection)((ICloneable)template).Clone();
            await connection.OpenAsync(cancellationToken);
            await using (await IndexBuildMemory.WidenAsync(connection, cancellationToken))
            {
                while (!work.Failed && work.Statements.TryDequeue(out var statement))
                {
                    await using var command = new NpgsqlCommand(statement, connection);
                    // The context's timeout, as ExecuteSqlRaw on the context would have used.
                    command.CommandTimeout = work.Timeout ?? command.CommandTimeout;
                    await command.ExecuteNonQueryAsync(cancellationToken);
                }
            }
        }
        catch
        {
            work.Failed = true;
            throw;
        }
    }

    private sealed class Work(IEnumerable<string> statements, int? timeout)
    {
        public ConcurrentQueue<string> Statements { get; } = new(statements);

        public int? Timeout { get; } = timeout;

        public volatile bool Failed;
    }
}
