using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace DataExchange.Data.Writing;

/// <summary>
/// Writes many rows of one <see cref="BulkTable"/> inside the caller's open transaction, the way the provider does it
/// fastest: SQLite steps one prepared statement per row through the sqlite3 API (it is in-process: a row costs
/// microseconds, not a round trip); PostgreSQL moves rows by binary COPY and updates them with one statement over
/// arrays. Other providers (SQL Server) have none: <see cref="For"/> answers null and the caller uses EF's SaveChanges.
/// </summary>
public abstract class BulkWriter
{
    /// <summary>The writer for the connection's provider, or null when there is none (use SaveChanges).</summary>
    public static BulkWriter? For(DbConnection connection, DbTransaction? transaction) => connection switch
    {
        SqliteConnection sqlite => new SqliteBulkWriter(sqlite),
        NpgsqlConnection npgsql => new PostgresBulkWriter(npgsql, (NpgsqlTransaction?)transaction),
        _ => null,
    };

    /// <summary>Whether this writer stores every column of the table as EF would (else the caller uses SaveChanges).</summary>
    public abstract bool CanWrite(BulkTable table);

    /// <summary>
    /// Inserts the entities' rows. With <paramref name="readKeys"/> and a generated key, returns the key the database
    /// assigned to each, in order (the caller sets them); otherwise returns null and the keys are left unread.
    /// A unique or foreign-key violation throws the provider's DbException, and the caller's transaction is lost.
    /// </summary>
    public abstract Task<long[]?> InsertAsync(BulkTable table, IReadOnlyList<object> entities, bool readKeys, CancellationToken cancellationToken);

    /// <summary>
    /// Updates rows by key, each only where its key and concurrency tokens still hold their original values; returns
    /// how many rows changed (fewer than given means some were changed or removed by another writer).
    /// </summary>
    public abstract Task<int> UpdateAsync(BulkTable table, IReadOnlyList<BulkUpdate> updates, CancellationToken cancellationToken);
}

/// <summary>
/// One row to update: the entity (its current values are written) and the original values of the table's key and
/// concurrency tokens, in <see cref="BulkTable.Key"/> then <see cref="BulkTable.Tokens"/> order, converted to the
/// provider's types.
/// </summary>
public sealed record BulkUpdate(object Entity, object?[] Originals);
