using DataExchange.Data.Entities;
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
    public static async Task<AuditHead?> LockAndReadAsync(ExchangeDbContext db, long lockKey, CancellationToken cancellationToken)
    {
        var entity = db.Model.FindEntityType(typeof(AuditEntryEntity))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var helper = db.GetService<ISqlGenerationHelper>();
        string Column(string property) => helper.DelimitIdentifier(entity.FindProperty(property)!.GetColumnName(table)!);
        var sequence = Column(nameof(AuditEntryEntity.Sequence));

        var connection = db.Database.GetDbConnection();
        await using var batch = connection.CreateBatch();
        batch.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();

        var takeLock = batch.CreateBatchCommand();
        takeLock.CommandText = "SELECT pg_advisory_xact_lock($1)";
        var key = takeLock.CreateParameter();
        key.Value = lockKey;
        takeLock.Parameters.Add(key);
        batch.BatchCommands.Add(takeLock);

        var readHead = batch.CreateBatchCommand();
        readHead.CommandText = $"SELECT {sequence}, {Column(nameof(AuditEntryEntity.Hash))} " +
                               $"FROM {helper.DelimitIdentifier(table.Name, table.Schema)} ORDER BY {sequence} DESC LIMIT 1";
        batch.BatchCommands.Add(readHead);

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.NextResultAsync(cancellationToken); // The lock's one row (void) says only that it is held.
        return await reader.ReadAsync(cancellationToken) ? new AuditHead(reader.GetInt64(0), reader.GetString(1)) : null;
    }
}
