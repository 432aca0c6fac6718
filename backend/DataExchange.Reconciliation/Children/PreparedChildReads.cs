using System.Collections.Concurrent;
using System.Data.Common;
using DataExchange.Data;
using DataExchange.Data.Providers;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace DataExchange.Reconciliation.Children;

/// <summary>
/// GetChild's six statements (ChildRead) kept prepared on SQLite. Microsoft.Data.Sqlite finalises a command's
/// statements when its connection closes, so on the host's pooled connections every GetChild parsed and planned
/// all six again: a profile of 64 concurrent GetChild callers put sqlite3_prepare at 18% of the process's CPU, more
/// than executing them. Here a few connections stay open, each with the command prepared once; a call borrows one and
/// runs it inside one deferred read transaction (one WAL snapshot for all six statements, one read lock taken and
/// released instead of six). PostgreSQL needs none of this: Npgsql prepares them itself (Max Auto Prepare) and runs
/// a multi-statement command in one implicit transaction.
/// Nothing here can be stale: no row is cached, only the compiled statements, and every call reads the database as
/// committed when its transaction begins; a schema change makes SQLite recompile a prepared statement on its next
/// step. A borrowed command that fails is disposed, never returned.
/// </summary>
public sealed class PreparedChildReads(IDbContextFactory<ExchangeDbContext> contexts, DatabaseOptions database) : IAsyncDisposable
{
    /// <summary>Idle prepared reads kept: about the calls that can run SQLite at once on a few cores; more are made on
    /// demand under a burst and disposed when given back to a full pool.</summary>
    private static readonly int MaxIdle = Math.Max(4, Environment.ProcessorCount * 4);

    /// <summary>
    /// The kept reads' page cache: 2 MiB, SQLite's default, where the host's connections get 64 MiB. In WAL mode a read
    /// transaction that finds the database changed since its connection's last one discards that connection's whole
    /// cache, and under load something (the audit appender, if nothing else) has always committed in between: GetChild's
    /// pages never survive from one call to the next. Discarding walks the cache's page-hash table, which grows with the
    /// cache and never shrinks (pcache1TruncateUnsafe: 2-4% of the host's CPU in a profile of 64 GetChild callers on the
    /// host's 64 MiB connections). One call's six statements touch a few dozen pages.
    /// </summary>
    private const string ReadCachePragma = "PRAGMA cache_size=-2048;";

    private readonly ConcurrentBag<PreparedRead> idle = [];
    private int idleCount;
    private bool disposed;

    /// <summary>Set once the database turns out not to be SQLite: no context is opened per call only to find that out.</summary>
    private bool notSqlite;

    /// <summary>The child's rows, or null when the database is not SQLite (the caller reads them as usual).</summary>
    internal async Task<ChildRead.Rows?> TryReadAsync(string publicId, CancellationToken cancellationToken)
    {
        var read = await RentAsync(cancellationToken);
        if (read is null)
        {
            return null;
        }

        ChildRead.Rows rows;
        try
        {
            rows = await read.ReadAsync(publicId, cancellationToken);
        }
        catch
        {
            await read.DisposeAsync();
            throw;
        }

        await ReturnAsync(read);
        return rows;
    }

    private async Task<PreparedRead?> RentAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref notSqlite))
        {
            return null;
        }

        if (idle.TryTake(out var read))
        {
            Interlocked.Decrement(ref idleCount);
            return read;
        }

        // The context only answers which provider this is and names the statements from its model: it is never opened,
        // and goes back to EF's context pool as it came (a connection string set on it would stay with it there).
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!db.Database.IsSqlite())
        {
            Volatile.Write(ref notSqlite, true);
            return null;
        }

        // A native connection of its own, kept for as long as the read is and closed with it: never one of the pool's,
        // so that neither its small cache (ReadCachePragma) reaches the host's other work nor a pooled connection's
        // state reaches it. The host's connection settings (SqlitePragmas) apply, as on every connection EF opens.
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder(db.Database.GetConnectionString()) { Pooling = false }.ToString());
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using (var pragmas = connection.CreateCommand())
            {
                pragmas.CommandText = SqlitePragmas.Text(database.CheckpointInBackground) + " " + ReadCachePragma;
                await pragmas.ExecuteNonQueryAsync(cancellationToken);
            }

            var command = ChildRead.Command(db, connection);
            command.Prepare();
            return new PreparedRead(connection, command);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private async Task ReturnAsync(PreparedRead read)
    {
        if (!Volatile.Read(ref disposed) && Interlocked.Increment(ref idleCount) <= MaxIdle)
        {
            idle.Add(read);
            return;
        }

        Interlocked.Decrement(ref idleCount);
        await read.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Volatile.Write(ref disposed, true);
        while (idle.TryTake(out var read))
        {
            await read.DisposeAsync();
        }
    }

    /// <summary>One open connection and its prepared command.</summary>
    private sealed class PreparedRead(SqliteConnection connection, DbCommand command) : IAsyncDisposable
    {
        public async Task<ChildRead.Rows> ReadAsync(string publicId, CancellationToken cancellationToken)
        {
            // Deferred: a read transaction, taking no write lock (BEGIN IMMEDIATE, the default, would queue behind the
            // audit appender and the linker).
            await using var transaction = connection.BeginTransaction(deferred: true);
            command.Transaction = transaction;
            var rows = await ChildRead.ReadAsync(command, publicId, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return rows;
        }

        public async ValueTask DisposeAsync()
        {
            await command.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
