using System.Data.Common;
using DataExchange.Data.Entities;
using DataExchange.Data.Entities.Reconciliation;
using DataExchange.Data.Writing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace DataExchange.Data.Records;

/// <summary>
/// The fast path for records the store has never seen, which is most of any bulk load: plain INSERTs of
/// the record, its versions and their link-queue entries inside the caller's transaction, bypassing EF's change
/// tracker. On PostgreSQL a chunk goes in two round trips (a DbBatch of record INSERTs, then one of the rest);
/// SQLite is in-process, so each row is one execution of a statement prepared once per chunk, bound by position through
/// the sqlite3 API (<see cref="SqliteStatement"/>). Other providers (SQL Server) keep
/// the EF path. The unique (agency, source_id) index still refuses a concurrent duplicate: the caller
/// rolls back and retries, exactly as with SaveChanges.
/// </summary>
internal static class NewRecordInserts
{
    private const string InsertRecord =
        """
        INSERT INTO source_records ("Agency", "SourceId", "Version", "Retracted", "ContentHash", "IdNumber", "IdNumberValid", "Name",
            "Sex", "BirthDate", "RegionCode", "RawJson", "NormalizedJson", "CreatedAt", "UpdatedAt")
        VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11, @p12, @p13, @p14)
        RETURNING "Id"
        """;

    private const string InsertVersion =
        """
        INSERT INTO source_record_versions ("SourceRecordId", "Version", "Retracted", "Reason", "RawJson", "ContentHash", "BatchKey", "StoredAt")
        VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7)
        """;

    private const string InsertPendingLink =
        """
        INSERT INTO pending_links ("SourceRecordId", "Version", "QueuedAt", "Attempts", "LastError") VALUES (@p0, @p1, @p2, 0, '')
        """;

    public static bool Supports(ExchangeDbContext db) => db.Database.IsSqlite() || db.Database.IsNpgsql();

    /// <summary>Inserts the records, all their versions and pending links; sets their database ids.</summary>
    public static async Task InsertAsync(ExchangeDbContext db, IReadOnlyList<SourceRecordEntity> records, CancellationToken cancellationToken)
    {
        if (records.Count == 0)
        {
            return;
        }

        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("New records are inserted inside the chunk's transaction.");
        if (connection.CanCreateBatch)
        {
            await InsertBatchedAsync(connection, transaction, records, cancellationToken);
        }
        else
        {
            InsertPrepared((SqliteConnection)connection, records);
        }
    }

    private static async Task InsertBatchedAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<SourceRecordEntity> records, CancellationToken cancellationToken)
    {
        await using (var batch = connection.CreateBatch())
        {
            batch.Transaction = transaction;
            foreach (var record in records)
            {
                AddCommand(batch, InsertRecord, RecordValues(record));
            }

            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            foreach (var record in records)
            {
                await reader.ReadAsync(cancellationToken);
                record.Id = reader.GetInt64(0);
                await reader.NextResultAsync(cancellationToken);
            }
        }

        await using (var batch = connection.CreateBatch())
        {
            batch.Transaction = transaction;
            foreach (var record in records)
            {
                foreach (var version in record.Versions)
                {
                    version.SourceRecordId = record.Id;
                    AddCommand(batch, InsertVersion, VersionValues(version));
                }

                foreach (var pending in record.PendingLinks)
                {
                    pending.SourceRecordId = record.Id;
                    AddCommand(batch, InsertPendingLink, PendingValues(pending));
                }
            }

            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static void InsertPrepared(SqliteConnection connection, IReadOnlyList<SourceRecordEntity> records)
    {
        using var insertRecord = SqliteStatement.Prepare(connection, InsertRecord, 15);
        using var insertVersion = SqliteStatement.Prepare(connection, InsertVersion, 8);
        using var insertPending = SqliteStatement.Prepare(connection, InsertPendingLink, 3);
        foreach (var record in records)
        {
            insertRecord.BindText(0, record.Agency);
            insertRecord.BindText(1, record.SourceId);
            insertRecord.BindInt64(2, record.Version);
            insertRecord.BindInt64(3, record.Retracted ? 1 : 0);
            insertRecord.BindBlob(4, record.ContentHash);
            insertRecord.BindText(5, record.IdNumber);
            insertRecord.BindInt64(6, record.IdNumberValid ? 1 : 0);
            insertRecord.BindText(7, record.Name);
            insertRecord.BindText(8, record.Sex);
            insertRecord.BindText(9, record.BirthDate);
            insertRecord.BindText(10, record.RegionCode);
            insertRecord.BindText(11, record.RawJson);
            insertRecord.BindText(12, record.NormalizedJson);
            insertRecord.BindDateTime(13, record.CreatedAt);
            insertRecord.BindDateTime(14, record.UpdatedAt);
            record.Id = insertRecord.ExecuteInt64();
            foreach (var version in record.Versions)
            {
                version.SourceRecordId = record.Id;
                insertVersion.BindInt64(0, version.SourceRecordId);
                insertVersion.BindInt64(1, version.Version);
                insertVersion.BindInt64(2, version.Retracted ? 1 : 0);
                insertVersion.BindText(3, version.Reason);
                insertVersion.BindText(4, version.RawJson);
                insertVersion.BindBlob(5, version.ContentHash);
                insertVersion.BindText(6, version.BatchKey);
                insertVersion.BindDateTime(7, version.StoredAt);
                insertVersion.Execute();
            }

            foreach (var pending in record.PendingLinks)
            {
                pending.SourceRecordId = record.Id;
                insertPending.BindInt64(0, pending.SourceRecordId);
                insertPending.BindInt64(1, pending.Version);
                insertPending.BindDateTime(2, pending.QueuedAt);
                insertPending.Execute();
            }
        }
    }

    private static object[] RecordValues(SourceRecordEntity record) =>
    [
        record.Agency, record.SourceId, record.Version, record.Retracted, record.ContentHash, record.IdNumber, record.IdNumberValid,
        record.Name, record.Sex, record.BirthDate, record.RegionCode, record.RawJson, record.NormalizedJson, record.CreatedAt, record.UpdatedAt,
    ];

    private static object[] VersionValues(SourceRecordVersionEntity version) =>
    [
        version.SourceRecordId, version.Version, version.Retracted, version.Reason, version.RawJson, version.ContentHash, version.BatchKey, version.StoredAt,
    ];

    private static object[] PendingValues(PendingLinkEntity pending) => [pending.SourceRecordId, pending.Version, pending.QueuedAt];

    private static void AddCommand(DbBatch batch, string sql, object[] values)
    {
        var command = batch.CreateBatchCommand();
        command.CommandText = sql;
        AddParameters(command.Parameters, command.CreateParameter, values);
        batch.BatchCommands.Add(command);
    }

    private static void AddParameters(DbParameterCollection parameters, Func<DbParameter> create, object[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            var parameter = create();
            parameter.ParameterName = "@p" + i;
            parameter.Value = values[i];
            parameters.Add(parameter);
        }
    }
}
