using System.Data.Common;
using DataExchange.Data;
using DataExchange.Data.Entities;
using DataExchange.Data.Querying;
using DataExchange.Data.Records;
using DataExchange.Domain.Agencies;
using DataExchange.Matching.Features;
using DataExchange.Matching.Linking;
using DataExchange.Reconciliation.Children;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace DataExchange.Reconciliation.Linking;

/// <summary>
/// Reads every live stored record for the empty hub's batch link and extracts its features, the features of one batch of
/// rows on the other cores while the next batch is read (reading was one thread's work and extraction waited for all of
/// it). The result is what <see cref="BatchLinker.Extract"/> gives over the records in dx link's order (agency by
/// agency, each in arrival order): a record's features do not depend on which others share the interner (LinkInputTests),
/// and the term frequencies are counted over all of them once every record is in.
/// <para>
/// The rows are read by one plain command with ordinal access, only the columns the link and its children use (table and
/// column names from the EF model, as <see cref="ChildRead"/> does): EF's materialiser built a whole entity per row,
/// content hash and creation time included, and was a fifth of this phase's samples, and the collector's work on what it
/// allocated another third. Each row's raw JSON is parsed once, for its features, and then let go: the record keeps
/// only its address of it (<see cref="BatchRecord"/>).
/// </para>
/// </summary>
internal static class BatchRead
{
    private const int BatchRows = 8_192;

    public static async Task<(BatchRecord[] Rows, RecordFeatures[] Features)> ReadAsync(ExchangeDbContext db, CancellationToken cancellationToken)
    {
        var byId = new List<BatchRecord>();
        var featuresById = new List<RecordFeatures>();
        var interner = new FeatureInterner();
        var batch = new List<(BatchRecord Record, string RawJson)>(BatchRows);
        var extracting = Task.CompletedTask;
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = Command(db);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var (record, rawJson) = Row(reader);
                byId.Add(record);
                batch.Add((record, rawJson));
                if (batch.Count == BatchRows)
                {
                    await extracting; // Batches are appended in order, one at a time.
                    extracting = ExtractAsync(batch, interner, featuresById, cancellationToken);
                    batch = new List<(BatchRecord, string)>(BatchRows);
                }
            }

            await extracting;
            extracting = ExtractAsync(batch, interner, featuresById, cancellationToken);
            await extracting;
        }
        finally
        {
            // Never leave an extraction running past the read (its failure, if any, was already thrown above).
            await extracting.ContinueWith(_ => { }, TaskScheduler.Default);
            await db.Database.CloseConnectionAsync();
        }

        // Agency by agency, a stable sort: arrival order within each.
        var order = Enumerable.Range(0, byId.Count).OrderBy(i => (int)byId[i].Agency).ToArray();
        var rows = Array.ConvertAll(order, i => byId[i]);
        var features = Array.ConvertAll(order, i => featuresById[i]);
        TermFrequencies.Count(features).ApplyAll(features);
        return (rows, features);
    }

    private static Task ExtractAsync(List<(BatchRecord Record, string RawJson)> batch, FeatureInterner interner, List<RecordFeatures> into,
        CancellationToken cancellationToken) =>
        Task.Run(() =>
        {
            var features = new RecordFeatures[batch.Count];
            Parallel.For(0, batch.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
            {
                var (record, rawJson) = batch[i];
                var raw = RecordJson.Deserialize(record.Agency, rawJson);
                record.Address = raw.Address; // What StoredRecord.Linked would read from the raw JSON (RecordJson.ReadProperty).
                features[i] = FeatureExtractor.Extract(raw, interner);
            });
            into.AddRange(features);
        }, cancellationToken);

    // The columns in the order Row reads them.
    private static readonly string[] Columns =
    [
        nameof(SourceRecordEntity.Id), nameof(SourceRecordEntity.Agency), nameof(SourceRecordEntity.SourceId), nameof(SourceRecordEntity.Version),
        nameof(SourceRecordEntity.UpdatedAt), nameof(SourceRecordEntity.IdNumber), nameof(SourceRecordEntity.Name), nameof(SourceRecordEntity.Sex),
        nameof(SourceRecordEntity.BirthDate), nameof(SourceRecordEntity.RegionCode), nameof(SourceRecordEntity.NormalizedJson), nameof(SourceRecordEntity.RawJson),
    ];

    private static (BatchRecord Record, string RawJson) Row(DbDataReader reader)
    {
        var id = reader.GetInt64(0);
        var agency = reader.GetString(1);
        return (new BatchRecord
        {
            Id = id,
            Agency = AgencyCodes.TryParse(agency, out var parsed) ? parsed : throw new InvalidDataException($"Unknown agency '{agency}' on record {id}."),
            SourceId = reader.GetString(2), Version = reader.GetInt32(3), UpdatedAt = reader.GetDateTime(4), IdNumber = reader.GetString(5),
            Name = reader.GetString(6), Sex = reader.GetString(7), BirthDate = reader.GetString(8), RegionCode = reader.GetString(9),
            NormalizedJson = reader.GetString(10),
        }, reader.GetString(11));
    }

    /// <summary>Every live record in id order, on the unit's connection and inside its transaction when it has one.</summary>
    private static DbCommand Command(ExchangeDbContext db)
    {
        var records = new ModelTable<SourceRecordEntity>(db, db.GetService<ISqlGenerationHelper>());
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandTimeout = db.Database.GetCommandTimeout() ?? command.CommandTimeout;
        // A boolean compared with a parameter: every provider binds false its own way (SQLite 0, PostgreSQL false, SQL Server bit).
        command.CommandText = $"SELECT {string.Join(", ", Columns.Select(records.Column))} FROM {records.Name} " +
            $"WHERE {records.Column(nameof(SourceRecordEntity.Retracted))} = @no ORDER BY {records.Column(nameof(SourceRecordEntity.Id))}";
        var no = command.CreateParameter();
        no.ParameterName = "@no";
        no.Value = false;
        command.Parameters.Add(no);
        return command;
    }
}
