using System.Collections.Concurrent;
using System.Data.Common;
using DataExchange.Data.Entities;
using DataExchange.Data.Querying;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace DataExchange.Data.Audit;

/// <summary>
/// PostgreSQL: takes the chain's advisory lock and reads the chain's head in ONE round trip, inside the group's
/// transaction, where they used to cost one each.
/// <para>
/// They are two statements of one batch, not one statement: under READ COMMITTED a statement reads with the snapshot
/// taken when it started, so a head read in the same statement as the lock (a lateral join, say) would not see a
/// group another host committed while this one waited for the lock, and every such group would collide and be retried.
/// The second statement of a batch starts (and takes its snapshot) only after the first has returned, that is after
/// the lock is held: the head it reads is the true one.
/// </para>
/// </summary>
internal static class PostgresChainHead
{
    private static readonly ConcurrentDictionary<IModel, string> HeadSql = new();

    public static async Task<AuditHead?> LockAndReadAsync(ExchangeDbContext db, long lockKey, CancellationToken cancellationToken)
    {
        await using var batch = db.Database.GetDbConnection().CreateBatch();
        batch.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        AddLock(batch, lockKey);
        AddReadHead(batch, db);

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.NextResultAsync(cancellationToken); // The lock's one row (void) says only that it is held.
        return await ReadHeadAsync(reader, cancellationToken);
    }

    /// <summary>Adds <c>SELECT pg_advisory_xact_lock(key)</c>: the chain's lock, held until the transaction ends.</summary>
    public static void AddLock(DbBatch batch, long lockKey)
    {
        var takeLock = batch.CreateBatchCommand();
        takeLock.CommandText = "SELECT pg_advisory_xact_lock($1)";
        var key = takeLock.CreateParameter();
        key.Value = lockKey;
        takeLock.Parameters.Add(key);
        batch.BatchCommands.Add(takeLock);
    }

    /// <summary>Adds the read of the chain's head (sequence and hash of its last entry; no row when it is empty).</summary>
    public static void AddReadHead(DbBatch batch, ExchangeDbContext db)
    {
        var readHead = batch.CreateBatchCommand();
        readHead.CommandText = HeadSql.GetOrAdd(db.Model, _ => HeadSqlOf(db));
        batch.BatchCommands.Add(readHead);
    }

    /// <summary>The head from the reader positioned on <see cref="AddReadHead"/>'s result.</summary>
    public static async Task<AuditHead?> ReadHeadAsync(DbDataReader reader, CancellationToken cancellationToken) =>
        await reader.ReadAsync(cancellationToken) ? new AuditHead(reader.GetInt64(0), reader.GetString(1)) : null;

    private static string HeadSqlOf(ExchangeDbContext db)
    {
        var audit = new ModelTable<AuditEntryEntity>(db, db.GetService<ISqlGenerationHelper>());
        var sequence = audit.Column(nameof(AuditEntryEntity.Sequence));
        return $"SELECT {sequence}, {audit.Column(nameof(AuditEntryEntity.Hash))} " +
               $"FROM {audit.Name} ORDER BY {sequence} DESC LIMIT 1";
    }
}
