using System.Data.Common;
using DataExchange.Data.Records;
using DataExchange.Data.Writing;
using DataExchange.Domain.Agencies;
using DataExchange.Domain.Identifiers;
using DataExchange.Domain.Normalization;
using DataExchange.Domain.Records;
using Microsoft.Data.Sqlite;

namespace DataExchange.Cli.Bench;

/// <summary>
/// The ceiling the ingestion path is measured against: the same rows of the same three tables (record, version,
/// link-queue entry), one transaction per 1,000 records, no gRPC, no EF, no normalisation (the rows are computed before
/// the clock starts). Written either with plain ADO.NET prepared INSERTs, or on SQLite also with statements driven
/// through the sqlite3 API (<see cref="SqliteStatement"/>, as the host's own fast path does), the faster of the two.
/// </summary>
public static class RawInsertCeiling
{
    private const string InsertRecord =
        """
        INSERT INTO source_records ("Agency", "SourceId", "Version", "Retracted", "ContentHash", "IdNumber", "IdNumberValid", "Name",
            "Sex", "BirthDate", "RegionCode", "RawJson", "NormalizedJson", "CreatedAt", "UpdatedAt")
        VALUES (@p0, @p1, 1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11, @p12, @p12)
        RETURNING "Id"
        """;

    private const string InsertVersion =
        """
        INSERT INTO source_record_versions ("SourceRecordId", "Version", "Retracted", "Reason", "RawJson", "ContentHash", "BatchKey", "StoredAt")
        VALUES (@p0, 1, @p1, '', @p2, @p3, @p4, @p5)
        """;

    private const string InsertPendingLink =
        """
        INSERT INTO pending_links ("SourceRecordId", "Version", "QueuedAt", "Attempts", "LastError") VALUES (@p0, 1, @p1, 0, '')
        """;

    /// <summary>One record's values, as RecordIngestor would store them.</summary>
    public sealed record Row(string Agency, string SourceId, byte[] Hash, string IdNumber, bool IdValid, string Name, string Sex,
        string BirthDate, string Region, string RawJson, string NormalizedJson);

    public static List<Row> Prepare(IEnumerable<SourceRecord> records) =>
    [
        .. records.Select(raw => RecordIntake.Normalize(raw).Record ?? throw new InvalidOperationException($"Synthetic record {raw.SourceId} is invalid."))
            .Select(record => new Row(record.Raw.Agency.ToCode(), record.Raw.SourceId, ContentHash.Compute(record.Raw), record.IdNumber,
                record.IdNumberValid, record.Name, record.Sex.ToCode(), record.BirthDate is { } date ? DateSpellings.ToIso(date) : "",
                record.RegionCode, RecordJson.Serialize(record.Raw), RecordJson.SerializeColumns(record.Details))),
    ];

    /// <summary>Writes the rows with sqlite3 statements bound by position; the connection is open and the schema migrated.</summary>
    public static void WriteSqlite(SqliteConnection connection, IReadOnlyList<Row> rows, string batchKey)
    {
        var now = DateTime.UtcNow;
        for (var start = 0; start < rows.Count; start += RecordIngestor.ChunkSize)
        {
            using var transaction = connection.BeginTransaction();
            using var record = SqliteStatement.Prepare(connection, InsertRecord, 13);
            using var version = SqliteStatement.Prepare(connection, InsertVersion, 6);
            using var pending = SqliteStatement.Prepare(connection, InsertPendingLink, 2);
            foreach (var row in rows.Skip(start).Take(RecordIngestor.ChunkSize))
            {
                record.BindText(0, row.Agency);
                record.BindText(1, row.SourceId);
                record.BindInt64(2, 0);
                record.BindBlob(3, row.Hash);
                record.BindText(4, row.IdNumber);
                record.BindInt64(5, row.IdValid ? 1 : 0);
                record.BindText(6, row.Name);
                record.BindText(7, row.Sex);
                record.BindText(8, row.BirthDate);
                record.BindText(9, row.Region);
                record.BindText(10, row.RawJson);
                record.BindText(11, row.NormalizedJson);
                record.BindDateTime(12, now);
                var id = record.ExecuteInt64();
                version.BindInt64(0, id);
                version.BindInt64(1, 0);
                version.BindText(2, row.RawJson);
                version.BindBlob(3, row.Hash);
                version.BindText(4, batchKey);
                version.BindDateTime(5, now);
                version.Execute();
                pending.BindInt64(0, id);
                pending.BindDateTime(1, now);
                pending.Execute();
            }

            transaction.Commit();
        }
    }

    /// <summary>Writes the rows with ADO.NET commands; the connection is open and the schema migrated.</summary>
    public static async Task WriteAsync(DbConnection connection, IReadOnlyList<Row> rows, string batchKey, CancellationToken cancellationToken)
    {
        var now = DateTime.UtcNow;
        for (var start = 0; start < rows.Count; start += RecordIngestor.ChunkSize)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using var record = Command(connection, transaction, InsertRecord, 13);
            await using var version = Command(connection, transaction, InsertVersion, 6);
            await using var pending = Command(connection, transaction, InsertPendingLink, 2);
            var first = true;
            foreach (var row in rows.Skip(start).Take(RecordIngestor.ChunkSize))
            {
                Set(record, row.Agency, row.SourceId, false, row.Hash, row.IdNumber, row.IdValid, row.Name, row.Sex, row.BirthDate,
                    row.Region, row.RawJson, row.NormalizedJson, now);
                if (first)
                {
                    await record.PrepareAsync(cancellationToken);
                }

                var id = (long)(await record.ExecuteScalarAsync(cancellationToken))!;
                Set(version, id, false, row.RawJson, row.Hash, batchKey, now);
                Set(pending, id, now);
                if (first)
                {
                    await version.PrepareAsync(cancellationToken);
                    await pending.PrepareAsync(cancellationToken);
                    first = false;
                }

                await version.ExecuteNonQueryAsync(cancellationToken);
                await pending.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
    }

    // The statements name their parameters @p0, @p1, ... in order of first use, as SqliteStatement binds them.
    private static DbCommand Command(DbConnection connection, DbTransaction transaction, string sql, int parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        for (var i = 0; i < parameters; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@p" + i;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private static void Set(DbCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i];
        }
    }
}
