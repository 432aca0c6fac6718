using DataExchange.Domain.Paging;
using DataExchange.Data;
using DataExchange.Domain.Agencies;
using DataExchange.Reconciliation.Children;
using Microsoft.EntityFrameworkCore;

namespace DataExchange.Reconciliation.WorkQueues;

/// <summary>Discovery alerts as an inbox per agency: filtered and paged in the database, oldest first.</summary>
public sealed class AlertInbox(IDbContextFactory<ExchangeDbContext> contexts, TimeProvider clock)
{
    /// <summary>An alert's statuses, in the order the portal shows them.</summary>
    public static readonly IReadOnlyList<string> Statuses = ["open", "acknowledged", "closed"];

    public async Task<QueuePage<QueuedAlert>> ListAsync(AlertFilter filter, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        var query = db.Alerts.AsNoTracking();
        if (filter.Agency is { } agency)
        {
            var code = agency.ToCode();
            query = query.Where(a => a.Agency == code);
        }

        if (filter.Rule.Trim() is { Length: > 0 } rule)
        {
            query = query.Where(a => a.Rule == rule);
        }

        if (filter.RegionCode.Trim() is { Length: > 0 } region)
        {
            query = query.Where(a => db.Children.Any(child => child.Id == a.ChildId && child.RegionCode.StartsWith(region)));
        }

        if (filter.MinAgeDays > 0)
        {
            var before = clock.GetUtcNow().UtcDateTime.AddDays(-filter.MinAgeDays);
            query = query.Where(a => a.CreatedAt <= before);
        }

        var counted = await query.GroupBy(a => a.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        if (filter.Status.Trim() is { Length: > 0 } status)
        {
            query = query.Where(a => a.Status == status);
        }

        var total = filter.Status.Trim().Length > 0 ? counted.GetValueOrDefault(filter.Status.Trim()) : counted.Values.Sum();
        // 64-bit offsets in one place (a huge page is empty with the true total; a negative one is InvalidArgument).
        var window = PageWindow.Of(filter.Page, filter.PageSize, QueueChildren.DefaultPageSize, QueueChildren.MaxPageSize);
        var page = await query.OrderBy(a => a.CreatedAt).ThenBy(a => a.Id).Page(window).ToListAsync(cancellationToken);
        var children = await QueueChildren.LoadAsync(db, [.. page.Select(a => a.ChildId).Distinct()], cancellationToken);
        var items = page.Where(a => children.ContainsKey(a.ChildId)).Select(a =>
        {
            var (child, records) = children[a.ChildId];
            AlertView alert = new(a.Id, a.Rule, a.Agency, a.Status, a.Version, a.Message, a.CreatedAt, a.Facts);
            return new QueuedAlert(QueueChildren.View(child, records, [], [alert]), a.UpdatedAt);
        }).ToList();
        return new QueuePage<QueuedAlert>(items, total, QueueChildren.Counts(Statuses, counted));
    }
}
