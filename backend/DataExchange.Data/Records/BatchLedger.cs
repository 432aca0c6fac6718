using System.Text.Json;
using DataExchange.Data.Entities;
using DataExchange.Domain.Agencies;
using Microsoft.EntityFrameworkCore;

namespace DataExchange.Data.Records;

/// <summary>
/// Remembers completed batches by idempotency key with their first outcome, so a resend is recognised as one.
/// The rejections kept are those the reply listed (a bounded list); the count is exact.
/// </summary>
public sealed class BatchLedger(IDbContextFactory<ExchangeDbContext> contexts, TimeProvider clock)
{
    public async Task<IngestOutcome?> FindAsync(Agency agency, string batchKey, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var code = agency.ToCode();
        var batch = await db.IngestBatches.AsNoTracking()
            .SingleOrDefaultAsync(entity => entity.Agency == code && entity.BatchKey == batchKey, cancellationToken);
        if (batch is null)
        {
            return null;
        }

        var outcome = new IngestOutcome { Accepted = batch.Accepted, Unchanged = batch.Unchanged, Rejected = batch.Rejected };
        outcome.Rejections.AddRange(JsonSerializer.Deserialize<List<Rejection>>(batch.RejectionsJson) ?? []);
        return outcome;
    }

    /// <summary>Records a completed batch; a concurrent completion of the same key keeps the first.</summary>
    public async Task CompleteAsync(Agency agency, string batchKey, IngestOutcome outcome, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.IngestBatches.Add(new IngestBatchEntity
        {
            Agency = agency.ToCode(),
            BatchKey = batchKey,
            Accepted = outcome.Accepted,
            Unchanged = outcome.Unchanged,
            Rejected = outcome.Rejected,
            RejectionsJson = JsonSerializer.Serialize(outcome.Rejections),
            CompletedAt = clock.GetUtcNow().UtcDateTime,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another stream finished the same batch first; its result stands.
        }
    }
}
