using DataExchange.Data.Entities;
using DataExchange.Data.Entities.Reconciliation;
using DataExchange.Data.Writing;
using System.Data.Common;
using DataExchange.Domain.Agencies;
using DataExchange.Domain.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace DataExchange.Data.Records;

/// <summary>
/// The fast path for records the store has never seen, which is most of any bulk load: their rows (the record, its
/// versions and their link-queue entries) go in through the provider's <see cref="BulkWriter"/> inside the caller's
/// transaction, bypassing EF's change tracker: binary COPY on PostgreSQL (three COPYs and one key reservation per
/// chunk), prepared sqlite3 statements on SQLite; the columns are the EF model's (<see cref="BulkTable"/>). Other
/// providers (SQL Server) keep the EF path. The unique (agency, source_id) index still refuses a concurrent
/// duplicate: the caller rolls back and retries, exactly as with SaveChanges.
/// </summary>
public static class NewRecordInserts
{
    internal static bool Supports(ExchangeDbContext db) =>
        BulkWriter.For(db.Database.GetDbConnection(), null) is { } writer && Tables(db.Model) is { } tables
        && writer.CanWrite(tables.Records) && writer.CanWrite(tables.Versions) && writer.CanWrite(tables.PendingLinks);

    /// <summary>Inserts the records, all their versions and pending links; sets the records' database ids.</summary>
    internal static Task InsertAsync(ExchangeDbContext db, IReadOnlyList<SourceRecordEntity> records, CancellationToken cancellationToken) =>
        records.Count == 0
            ? Task.CompletedTask
            : InsertAsync(db.Database.GetDbConnection(), db.Database.CurrentTransaction?.GetDbTransaction()
                ?? throw new InvalidOperationException("New records are inserted inside the chunk's transaction."), db.Model, records, cancellationToken);

    /// <summary>
    /// The same inserts on a bare connection and transaction, with the model of the database's provider: what the
    /// ingestion bench's ceiling writes (the same rows by the same writer, without EF, gRPC or normalisation).
    /// </summary>
    public static async Task InsertAsync(DbConnection connection, DbTransaction transaction, IModel model, IReadOnlyList<SourceRecordEntity> records,
        CancellationToken cancellationToken)
    {
        var writer = BulkWriter.For(connection, transaction)
            ?? throw new NotSupportedException($"{connection.GetType().Name} has no bulk writer.");
        var tables = Tables(model) ?? throw new NotSupportedException("The record tables cannot be written in bulk.");
        var ids = await writer.InsertAsync(tables.Records, records, readKeys: true, cancellationToken);
        var versions = new List<SourceRecordVersionEntity>(records.Count);
        var pending = new List<PendingLinkEntity>(records.Count);
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            record.Id = ids![i];
            foreach (var version in record.Versions)
            {
                version.SourceRecordId = record.Id;
                versions.Add(version);
            }

            foreach (var entry in record.PendingLinks)
            {
                entry.SourceRecordId = record.Id;
                pending.Add(entry);
            }
        }

        // Nothing reads a version's or a queue entry's own id after the insert, so neither is read back.
        await writer.InsertAsync(tables.Versions, versions, readKeys: false, cancellationToken);
        await writer.InsertAsync(tables.PendingLinks, pending, readKeys: false, cancellationToken);
    }

    /// <summary>
    /// The rows <see cref="RecordIngestor"/> writes for records it has never seen (record, version 1, queue entry), for
    /// a benchmark that writes the same rows without it.
    /// </summary>
    public static List<SourceRecordEntity> NewRows(Agency agency, IEnumerable<NormalizedRecord> records, string batchKey, DateTime now) =>
    [
        .. records.Select(record =>
        {
            var entity = RecordMapping.NewEntity(agency.ToCode(), PreparedRecord.From(record), now);
            RecordMapping.AddVersion(entity, batchKey, now);
            return entity;
        }),
    ];

    /// <summary>The three tables a new record writes, as this context's model describes them.</summary>
    internal static RecordTables? Tables(IModel model) =>
        BulkTable.For(model.FindEntityType(typeof(SourceRecordEntity))!) is { } records
        && BulkTable.For(model.FindEntityType(typeof(SourceRecordVersionEntity))!) is { } versions
        && BulkTable.For(model.FindEntityType(typeof(PendingLinkEntity))!) is { } pending
            ? new RecordTables(records, versions, pending)
            : null;
}

/// <summary>The tables a new record's rows go to.</summary>
internal sealed record RecordTables(BulkTable Records, BulkTable Versions, BulkTable PendingLinks);
