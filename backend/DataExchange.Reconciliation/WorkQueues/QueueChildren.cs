using DataExchange.Data;
using DataExchange.Data.Entities.Reconciliation;
using DataExchange.Reconciliation.Children;
using Microsoft.EntityFrameworkCore;

namespace DataExchange.Reconciliation.WorkQueues;

/// <summary>The children of one queue page with their golden records and linked records: two queries per page, not per item.</summary>
internal static class QueueChildren
{
    public const int MaxPageSize = 200;
    public const int DefaultPageSize = 50;

    public static async Task<IReadOnlyDictionary<long, (ChildEntity Child, IReadOnlyList<RecordView> Records)>> LoadAsync(
        ExchangeDbContext db, IReadOnlyCollection<long> childIds, CancellationToken cancellationToken)
    {
        var children = await db.Children.AsNoTracking().Where(c => childIds.Contains(c.Id)).ToListAsync(cancellationToken);
        var records = await db.RecordLinks.AsNoTracking().Where(link => childIds.Contains(link.ChildId))
            .Join(db.SourceRecords, link => link.SourceRecordId, record => record.Id, (link, record) => new { link.ChildId, Record = record })
            .Where(pair => !pair.Record.Retracted).ToListAsync(cancellationToken);
        var byChild = records.GroupBy(pair => pair.ChildId).ToDictionary(group => group.Key, group => group
            .OrderBy(pair => pair.Record.Agency, StringComparer.Ordinal).ThenBy(pair => pair.Record.SourceId, StringComparer.Ordinal)
            .Select(pair => new RecordView(pair.Record.Agency, pair.Record.SourceId, pair.Record.Version, pair.Record.UpdatedAt,
                StoredRecord.Linked(pair.Record).Values))
            .ToList());
        return children.ToDictionary(
            child => child.Id,
            child => (child, (IReadOnlyList<RecordView>)byChild.GetValueOrDefault(child.Id, [])));
    }

    /// <summary>The child as a reader would see it through GetChild, holding only the one queued item.</summary>
    public static ChildView View(ChildEntity child, IReadOnlyList<RecordView> records, IReadOnlyList<ConflictView> conflicts, IReadOnlyList<AlertView> alerts) =>
        new(child.PublicId, child.Version, child.Active, null, GoldenJson.Deserialize(child.GoldenJson), records, conflicts, alerts, []);

    /// <summary>Every known status with its count, zero included, in the queue's own order; unknown statuses after.</summary>
    public static IReadOnlyList<StatusCount> Counts(IEnumerable<string> known, IReadOnlyDictionary<string, int> counted) =>
        [.. known.Select(status => new StatusCount(status, counted.GetValueOrDefault(status))),
            .. counted.Where(pair => !known.Contains(pair.Key)).OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => new StatusCount(pair.Key, pair.Value))];
}
