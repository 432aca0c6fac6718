using DataExchange.Data;
using Microsoft.EntityFrameworkCore;

namespace DataExchange.Reconciliation.Children;

/// <summary>
/// Gives every live child that has no <c>child_holdings</c> rows the rows its records give. A hub migrated from before
/// the table existed holds children without rows, and search and the change feed answer from the rows only, so those
/// children were invisible to their own agencies until one of their records changed. Run after the migrations, before
/// serving: it writes rows only (no change-feed events: nothing changed for any agency) and does nothing on a hub whose
/// children all have rows, which after the first run is every hub (ChildHoldings.Sync keeps them in step from then on).
/// </summary>
public static class ChildHoldingsBackfill
{
    private const int BatchSize = 500;

    /// <summary>Writes the missing rows in batches of children; answers how many children got rows.</summary>
    public static async Task<int> RunAsync(IDbContextFactory<ExchangeDbContext> contexts, CancellationToken cancellationToken)
    {
        var filled = 0;
        var after = 0L;
        while (true)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var from = after;
            var ids = await db.Children
                .Where(child => child.Id > from && child.Active && !db.ChildHoldings.Any(holding => holding.ChildId == child.Id))
                .OrderBy(child => child.Id).Select(child => child.Id).Take(BatchSize).ToListAsync(cancellationToken);
            if (ids.Count == 0)
            {
                return filled;
            }

            var records = await db.RecordLinks.Where(link => EF.Parameter(ids).Contains(link.ChildId))
                .Join(db.SourceRecords.Where(record => !record.Retracted), link => link.SourceRecordId, record => record.Id, (link, record) => new { link.ChildId, Record = record })
                .AsNoTracking().ToListAsync(cancellationToken);
            foreach (var child in records.GroupBy(row => row.ChildId))
            {
                var linked = child.Select(row => row.Record).OrderBy(record => record.Id).Select(StoredRecord.Linked).ToList();
                db.ChildHoldings.AddRange(ChildHoldings.Of(child.Key, linked).Values);
                filled++;
            }

            await db.SaveChangesAsync(cancellationToken);
            after = ids[^1];
        }
    }
}
