using DataExchange.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace DataExchange.Data.Audit;

/// <summary>
/// PostgreSQL: a group chained onto the head this host expects appended in ONE round trip, lock, insert and commit
/// together: a batch of <c>SELECT pg_advisory_xact_lock</c> and the INSERT guarded by the expected head
/// (<see cref="AuditRowsInsert.AddIfHeadIs"/>), sent without an explicit transaction. Npgsql sends a batch with one
/// Sync at its end, so PostgreSQL runs its statements as one implicit transaction, committed at that Sync (or rolled
/// back whole if a statement or the commit fails) and answered only after its commit.
/// <para>
/// Why the guard makes this safe: the INSERT is a statement after the lock's, so under READ COMMITTED its snapshot is
/// taken once the chain's lock is held (as in PostgresChainHead), and the head it compares is the true head, which
/// no other host can move until this transaction ends. When that head is not the expected one (another host appended
/// meanwhile, the group this one chained onto failed, the chain was purged), the INSERT inserts nothing, the batch
/// commits an empty transaction, and the caller writes the group again under the lock from the head it reads then.
/// The chain's lock is held only while PostgreSQL runs the two statements and commits, never across a round trip to
/// this host: that is what lets several groups of one host be in flight one behind the other.
/// </para>
/// </summary>
internal static class PostgresChainAppend
{
    /// <summary>
    /// Appends <paramref name="entries"/> (chained onto the head whose hash is their first entry's previous hash) if
    /// that head is still the chain's head; false when it is not and nothing was written. <paramref name="sent"/> is
    /// called once the batch has been handed to the connection, before its answer: the next group may be sent then,
    /// and its lock request then queues behind this one's in the database.
    /// </summary>
    public static async Task<bool> AppendIfHeadAsync(ExchangeDbContext db, long lockKey, IReadOnlyList<AuditEntryEntity> entries, Action sent,
        CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var batch = db.Database.GetDbConnection().CreateBatch();

        var takeLock = batch.CreateBatchCommand();
        takeLock.CommandText = "SELECT pg_advisory_xact_lock($1)";
        var key = takeLock.CreateParameter();
        key.Value = lockKey;
        takeLock.Parameters.Add(key);
        batch.BatchCommands.Add(takeLock);
        var insert = AuditRowsInsert.AddIfHeadIs(batch, db, entries);

        Task<int> execution;
        try
        {
            execution = batch.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            sent();
        }

        await execution;
        return insert.RecordsAffected switch
        {
            0 => false,
            var inserted when inserted == entries.Count => true,
            var inserted => throw new InvalidOperationException($"The audit group of {entries.Count} entries inserted {inserted} rows."),
        };
    }
}
