using System.Data.Common;
using DataExchange.Data.Entities;
using DataExchange.Data.Records;
using DataExchange.Domain.Agencies;
using DataExchange.Domain.Records;
using Microsoft.EntityFrameworkCore.Metadata;

namespace DataExchange.Cli.Bench;

/// <summary>
/// The ceiling the ingestion path is measured against: the same rows of the same three tables (record, version,
/// link-queue entry) that RecordIngestor writes for new records, one transaction per <see cref="RecordIngestor.ChunkSize"/>
/// records, written by the same bulk writer (<see cref="NewRecordInserts"/>: binary COPY on PostgreSQL, sqlite3
/// statements on SQLite, columns from the EF model), with no gRPC, no EF and no normalisation: the rows are computed
/// before the clock starts.
/// </summary>
public static class RawInsertCeiling
{
    /// <summary>The rows RecordIngestor would store for these (valid) records.</summary>
    public static List<SourceRecordEntity> Prepare(IEnumerable<SourceRecord> records, string batchKey) =>
        NewRecordInserts.NewRows(Agency.Education, records.Select(raw =>
            RecordIntake.Normalize(raw).Record ?? throw new InvalidOperationException($"Synthetic record {raw.SourceId} is invalid.")), batchKey, DateTime.UtcNow);

    /// <summary>Writes the rows, a chunk per transaction; the connection is open and the schema migrated.</summary>
    public static async Task WriteAsync(DbConnection connection, IModel model, IReadOnlyList<SourceRecordEntity> rows, CancellationToken cancellationToken)
    {
        foreach (var chunk in rows.Chunk(RecordIngestor.ChunkSize))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await NewRecordInserts.InsertAsync(connection, transaction, model, chunk, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
    }
}
