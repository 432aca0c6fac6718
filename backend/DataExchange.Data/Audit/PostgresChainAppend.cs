using DataExchange.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace DataExchange.Data.Audit;

/// <summary>
/// PostgreSQL: a group chained onto the head this host expects appended in ONE round trip, lock, insert and commit
/// together: a batch of <c>SELECT pg_advisory_xact_lock</c>, the INSERT guarded by the expected head
/// (<see cref="AuditRowsInsert.AddIfHeadIs"/>) and a read of the head, sent without an explicit transaction. Npgsql
/// sends a batch with one Sync at its end, so PostgreSQL runs its statements as one implicit transaction, committed at
/// that Sync (or rolled back whole if a statement or the commit fails) and answered only after its commit.
/// <para>
/// Why the guard makes this safe: the INSERT is a statement after the lock's, so under READ COMMITTED its snapshot is
/// taken once the chain's lock is held (as in PostgresChainHead), and the head it compares is the true head, which
/// no other host can move until this transaction ends. When that head is not the expected one (another host appended
/// meanwhile, the group this one chained onto failed, the chain was purged), the INSERT inserts nothing, the batch
/// commits an empty transaction, and the head read after it (still under the lock) says what the head is: the caller
/// chains the group onto that one and tries again. The chain's lock is held only while PostgreSQL runs the statements
/// and commits, never across a round trip to this host: that is what lets several groups of one host be in flight one
/// behind the other, and several hosts append without holding the lock for each other's round trips.
/// </para>
/// </summary>
internal static class PostgresChainAppend
{
    /// <summary>
    /// Whether the group was appended and, when it was not, the head it found instead (null: the chain is empty).
    /// </summary>
    public readonly record struct Outcome(bool Appended, AuditHead? HeadFound);

    /// <summary>
    /// Appends <paramref name="entries"/> (chained onto the head whose hash is their first entry's previous hash) if
    /// that head is still the chain's head; when it is not, nothing was written and the outcome names the true head.
    /// <paramref name="sent"/> is called once the batch has been handed to the connection, before its answer: the next
    /// group may be sent then, and its lock request then queues behind this one's in the database.
    /// </summary>
    public static async Task<Outcome> AppendIfHeadAsync(ExchangeDbContext db, long lockKey, IReadOnlyList<AuditEntryEntity> entries, Action sent,
        CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var batch = db.Database.GetDbConnection().CreateBatch();
        PostgresChainHead.AddLock(batch, lockKey);
        var insert = AuditRowsInsert.AddIfHeadIs(batch, db, entries);
        PostgresChainHead.AddReadHead(batch, db);

        Task<System.Data.Common.DbDataReader> execution;
        try
        {
            execution = batch.ExecuteReaderAsync(cancellationToken);
        }
        finally
        {
            sent();
        }

        await using var reader = await execution;
        await reader.NextResultAsync(cancellationToken); // Past the lock's one row (void) and the INSERT, to the head.
        var head = await PostgresChainHead.ReadHeadAsync(reader, cancellationToken);
        // To the end of the batch, its COMMIT included: an error there (a commit refused) throws here, before any caller
        // is answered.
        while (await reader.NextResultAsync(cancellationToken))
        {
        }

        return insert.RecordsAffected switch
        {
            0 => new Outcome(false, head),
            var inserted when inserted == entries.Count => new Outcome(true, null),
            var inserted => throw new InvalidOperationException($"The audit group of {entries.Count} entries inserted {inserted} rows."),
        };
    }
}
