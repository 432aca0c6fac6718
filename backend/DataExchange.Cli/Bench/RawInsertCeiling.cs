using System.Data.Common;
using DataExchange.Data.Records;
using DataExchange.Domain.Agencies;
using DataExchange.Domain.Identifiers;
using DataExchange.Domain.Normalization;
using DataExchange.Domain.Records;

namespace DataExchange.Cli.Bench;

/// <summary>
/// The ceiling the ingestion path is measured against: the same rows of the same three tables (record, version,
/// link-queue entry) written
/// with plain ADO.NET prepared INSERTs, one transaction per 1,000 records, no EF, no normalisation
/// (the rows are computed before the clock starts).
/// </summary>
public static class RawInsertCeiling
{
    private const string InsertRecord =
        """
        INSERT INTO source_records ("Agency", "SourceId", "Version", "Retracted", "ContentHash", "IdNumber", "IdNumberValid", "Name",
            "Sex", "BirthDate", "RegionCode", "RawJson", "NormalizedJson", "CreatedAt", "UpdatedAt")
        VALUES (@agency, @source_id, 1, @retracted, @hash, @id_number, @id_valid, @name, @sex, @birth_date, @region, @raw, @normalized, @now, @now)
        RETURNING "Id"
        """;

    private const string InsertVersion =
        """
        INSERT INTO source_record_versions ("SourceRecordId", "Version", "Retracted", "Reason", "RawJson", "ContentHash", "BatchKey", "StoredAt")
        VALUES (@record_id, 1, @retracted, '', @raw, @hash, @batch_key, @now)
        """;

    private const string InsertPendingLink =
        """
        INSERT INTO pending_links ("SourceRecordId", "Version", "QueuedAt", "Attempts", "LastError") VALUES (@record_id, 1, @now, 0, '')
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

    /// <summary>Writes the rows; the connection is open and the schema migrated.</summary>
    public static async Task WriteAsync(DbConnection connection, IReadOnlyList<Row> rows, string batchKey, CancellationToken cancellationToken)
    {
        var now = DateTime.UtcNow;
        for (var start = 0; start < rows.Count; start += RecordIngestor.ChunkSize)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using var record = Command(connection, transaction, InsertRecord,
                "agency", "source_id", "retracted", "hash", "id_number", "id_valid", "name", "sex", "birth_date", "region", "raw", "normalized", "now");
            await using var version = Command(connection, transaction, InsertVersion, "record_id", "retracted", "raw", "hash", "batch_key", "now");
            await using var pending = Command(connection, transaction, InsertPendingLink, "record_id", "now");
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

    private static DbCommand Command(DbConnection connection, DbTransaction transaction, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var name in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + name;
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
