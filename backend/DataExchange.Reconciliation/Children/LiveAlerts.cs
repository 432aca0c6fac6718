using DataExchange.Data;
using Microsoft.EntityFrameworkCore;

namespace DataExchange.Reconciliation.Children;

/// <summary>One open or acknowledged alert with the records (agency/source_id) of the child it is about.</summary>
public sealed record LiveAlert(string Rule, string Agency, string Key, string Facts, IReadOnlyList<string> Records);

/// <summary>Every live alert and its child's records, for scoring the rules against a truth file (dx report --truth).</summary>
public static class LiveAlerts
{
    public static async Task<IReadOnlyList<LiveAlert>> ReadAsync(ExchangeDbContext db, CancellationToken cancellationToken)
    {
        var alerts = await db.Alerts.AsNoTracking().Where(alert => alert.Status != "closed")
            .Select(alert => new { alert.ChildId, alert.Rule, alert.Agency, alert.Key, alert.Facts }).ToListAsync(cancellationToken);
        var records = (await db.RecordLinks.AsNoTracking()
                .Join(db.SourceRecords.Where(record => !record.Retracted), link => link.SourceRecordId, record => record.Id,
                    (link, record) => new { link.ChildId, record.Agency, record.SourceId })
                .ToListAsync(cancellationToken))
            .ToLookup(row => row.ChildId, row => $"{row.Agency}/{row.SourceId}");
        return [.. alerts.Select(alert => new LiveAlert(alert.Rule, alert.Agency, alert.Key, alert.Facts, [.. records[alert.ChildId]]))];
    }
}
