using DataExchange.Data;
using DataExchange.Data.Entities;
using DataExchange.Domain.Agencies;
using DataExchange.Matching.Features;
using DataExchange.Matching.Linking;
using DataExchange.Reconciliation.Children;
using Microsoft.EntityFrameworkCore;

namespace DataExchange.Reconciliation.Linking;

/// <summary>
/// Reads every live stored record for the empty hub's batch link and extracts its features, the features of one batch of
/// rows on the other cores while the next batch is read (reading was one thread's work and extraction waited for all of
/// it). The result is what <see cref="BatchLinker.Extract"/> gives over the records in dx link's order (agency by
/// agency, each in arrival order): a record's features do not depend on which others share the interner (LinkInputTests),
/// and the term frequencies are counted over all of them once every record is in.
/// </summary>
internal static class BatchRead
{
    private const int BatchRows = 8_192;

    public static async Task<(SourceRecordEntity[] Rows, RecordFeatures[] Features)> ReadAsync(ExchangeDbContext db, CancellationToken cancellationToken)
    {
        var byId = new List<SourceRecordEntity>();
        var featuresById = new List<RecordFeatures>();
        var interner = new FeatureInterner();
        var batch = new List<SourceRecordEntity>(BatchRows);
        var extracting = Task.CompletedTask;
        try
        {
            await foreach (var row in db.SourceRecords.AsNoTracking().Where(record => !record.Retracted).OrderBy(record => record.Id)
                .AsAsyncEnumerable().WithCancellation(cancellationToken))
            {
                byId.Add(row);
                batch.Add(row);
                if (batch.Count == BatchRows)
                {
                    await extracting; // Batches are appended in order, one at a time.
                    extracting = ExtractAsync(batch, interner, featuresById, cancellationToken);
                    batch = new List<SourceRecordEntity>(BatchRows);
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
        }

        // Agency by agency (a stable sort: arrival order within each); an unknown agency's rows last (their extraction threw).
        var order = Enumerable.Range(0, byId.Count).OrderBy(i => AgencyCodes.TryParse(byId[i].Agency, out var agency) ? (int)agency : int.MaxValue).ToArray();
        var rows = Array.ConvertAll(order, i => byId[i]);
        var features = Array.ConvertAll(order, i => featuresById[i]);
        TermFrequencies.Count(features).ApplyAll(features);
        return (rows, features);
    }

    private static Task ExtractAsync(List<SourceRecordEntity> batch, FeatureInterner interner, List<RecordFeatures> into, CancellationToken cancellationToken) =>
        Task.Run(() =>
        {
            var features = new RecordFeatures[batch.Count];
            Parallel.For(0, batch.Count, new ParallelOptions { CancellationToken = cancellationToken },
                i => features[i] = FeatureExtractor.Extract(StoredRecord.Raw(batch[i]), interner));
            into.AddRange(features);
        }, cancellationToken);
}
