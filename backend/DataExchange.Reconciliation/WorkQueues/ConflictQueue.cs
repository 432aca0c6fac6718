using DataExchange.Domain.Paging;
using DataExchange.Data;
using DataExchange.Data.Entities.Reconciliation;
using DataExchange.Domain.Agencies;
using DataExchange.Reconciliation.Children;
using Microsoft.EntityFrameworkCore;

namespace DataExchange.Reconciliation.WorkQueues;

/// <summary>Conflicts as a stewards' work queue: filtered and paged in the database, oldest first.</summary>
public sealed class ConflictQueue(IDbContextFactory<ExchangeDbContext> contexts, TimeProvider clock)
{
    /// <summary>A conflict's statuses, in the order the portal shows them.</summary>
    public static readonly IReadOnlyList<string> Statuses = ["open", "resolved", "closed"];

    public async Task<QueuePage<QueuedConflict>> ListAsync(ConflictFilter filter, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        var query = db.Conflicts.AsNoTracking();
        if (filter.Agency is { } agency)
        {
            // The sides are stored as compact JSON (ConflictJson): a side of this agency reads "agency":"<code>".
            var side = $"\"agency\":\"{agency.ToCode()}\"";
            query = query.Where(c => c.ValuesJson.Contains(side));
        }

        if (filter.Kind.Trim() is { Length: > 0 } kind)
        {
            query = query.Where(c => c.Kind == kind);
        }

        if (filter.Field.Trim() is { Length: > 0 } field)
        {
            query = query.Where(c => c.Field == field);
        }

        if (filter.RegionCode.Trim() is { Length: > 0 } region)
        {
            query = query.Where(c => db.Children.Any(child => child.Id == c.ChildId && child.RegionCode.StartsWith(region)));
        }

        if (filter.MinAgeDays > 0)
        {
            var before = clock.GetUtcNow().UtcDateTime.AddDays(-filter.MinAgeDays);
            query = query.Where(c => c.CreatedAt <= before);
        }

        var counted = await query.GroupBy(c => c.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        if (filter.Status.Trim() is { Length: > 0 } status)
        {
            query = query.Where(c => c.Status == status);
        }

        var total = filter.Status.Trim().Length > 0 ? counted.GetValueOrDefault(filter.Status.Trim()) : counted.Values.Sum();
        // 64-bit offsets in one place (a huge page is empty with the true total; a negative one is InvalidArgument).
        var window = PageWindow.Of(filter.Page, filter.PageSize, QueueChildren.DefaultPageSize, QueueChildren.MaxPageSize);
        var page = await query.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id).Page(window).ToListAsync(cancellationToken);
        var children = await QueueChildren.LoadAsync(db, [.. page.Select(c => c.ChildId).Distinct()], cancellationToken);
        var items = page.Where(c => children.ContainsKey(c.ChildId)).Select(c =>
        {
            var (child, records) = children[c.ChildId];
            ConflictView conflict = new(c.Id, c.Kind, c.Field, c.Status, c.Version, ConflictJson.Deserialize(c.ValuesJson), c.ResolutionJson);
            return new QueuedConflict(QueueChildren.View(child, records, [conflict], []), c.CreatedAt, c.UpdatedAt);
        }).ToList();
        return new QueuePage<QueuedConflict>(items, total, QueueChildren.Counts(Statuses, counted));
    }
}
