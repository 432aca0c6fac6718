using DataExchange.Data;
using Microsoft.EntityFrameworkCore;

namespace DataExchange.Reconciliation.Reporting;

/// <summary>
/// Counts the dashboard's figures in the database (grouped queries, no rows loaded): a handful of aggregate
/// queries over indexed tables, so the dashboard stays cheap on a hub of a million children.
/// </summary>
public sealed class DashboardReport(IDbContextFactory<ExchangeDbContext> contexts, TimeProvider clock)
{
    public const int MaxDays = 366;

    /// <summary>The review backlog's age bands in days; the last is open-ended.</summary>
    private static readonly (int Min, int Max)[] Bands = [(0, 1), (1, 7), (7, 30), (30, 0)];

    public async Task<DashboardFigures> ComputeAsync(DashboardQuery request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var region = request.RegionCode.Trim();
        var digits = request.RegionDigits;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);

        var children = db.Children.AsNoTracking().Where(c => c.Active);
        if (region.Length > 0)
        {
            children = children.Where(c => c.RegionCode.StartsWith(region));
        }

        var byCategory = await children.GroupBy(c => new { c.Category, Region = c.RegionCode.Substring(0, digits) })
            .Select(g => new { g.Key.Category, g.Key.Region, Count = g.Count() }).ToListAsync(cancellationToken);

        var candidates = db.MatchCandidates.AsNoTracking().Where(c => c.Status == "open");
        if (region.Length > 0)
        {
            candidates = candidates.Where(c => c.RegionCode.StartsWith(region));
        }

        var open = await candidates.CountAsync(cancellationToken);
        var oldest = open == 0 ? (DateTime?)null : await candidates.MinAsync(c => c.CreatedAt, cancellationToken);
        var ages = new List<AgeBand>();
        foreach (var (min, max) in Bands)
        {
            var newest = now.AddDays(-min);
            var band = candidates.Where(c => c.CreatedAt <= newest);
            if (max > 0)
            {
                var oldestInBand = now.AddDays(-max);
                band = band.Where(c => c.CreatedAt > oldestInBand);
            }

            ages.Add(new AgeBand(min, max, await band.CountAsync(cancellationToken)));
        }

        var weekAgo = now.AddDays(-7);
        var decided = await db.StewardDecisions.AsNoTracking()
            .CountAsync(d => (d.Kind == "same_child" || d.Kind == "not_same_child") && d.CreatedAt >= weekAgo, cancellationToken);

        var methods = await db.RecordLinks.AsNoTracking().GroupBy(l => l.Method).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var reviewed = await db.MatchCandidates.Select(c => c.RecordAId).Union(db.MatchCandidates.Select(c => c.RecordBId)).CountAsync(cancellationToken);
        var linking = new LinkingRates(
            methods.Values.Sum(),
            methods.GetValueOrDefault("auto") + methods.GetValueOrDefault("batch"),
            methods.GetValueOrDefault("new"),
            methods.GetValueOrDefault("steward"),
            reviewed);

        var alerts = db.Alerts.AsNoTracking().Where(a => a.Status != "closed");
        if (region.Length > 0)
        {
            alerts = alerts.Where(a => db.Children.Any(child => child.Id == a.ChildId && child.RegionCode.StartsWith(region)));
        }

        var alertCounts = await alerts.GroupBy(a => new { a.Rule, a.Agency, a.Status }).Select(g => new { g.Key.Rule, g.Key.Agency, g.Key.Status, Count = g.Count() })
            .ToListAsync(cancellationToken);

        var days = Math.Clamp(request.Days, 1, MaxDays);
        var since = now.Date.AddDays(-(days - 1));
        var ingestion = await db.SourceRecordVersions.AsNoTracking().Where(v => v.StoredAt >= since)
            .Join(db.SourceRecords, version => version.SourceRecordId, record => record.Id, (version, record) => new { version.StoredAt.Date, record.Agency })
            .GroupBy(row => new { row.Date, row.Agency }).Select(g => new { g.Key.Date, g.Key.Agency, Count = g.Count() })
            .ToListAsync(cancellationToken);

        return new DashboardFigures(
            [.. byCategory.OrderBy(c => c.Category, StringComparer.Ordinal).ThenBy(c => c.Region, StringComparer.Ordinal)
                .Select(c => new ChildrenCount(c.Category, c.Region, c.Count))],
            byCategory.Sum(c => c.Count),
            new ReviewBacklog(open, oldest, ages, decided),
            linking,
            [.. alertCounts.GroupBy(a => (a.Rule, a.Agency)).OrderBy(g => g.Key.Rule, StringComparer.Ordinal).ThenBy(g => g.Key.Agency, StringComparer.Ordinal)
                .Select(g => new AlertCount(g.Key.Rule, g.Key.Agency, g.Where(a => a.Status == "open").Sum(a => a.Count), g.Where(a => a.Status == "acknowledged").Sum(a => a.Count)))],
            [.. ingestion.OrderBy(d => d.Date).ThenBy(d => d.Agency, StringComparer.Ordinal)
                .Select(d => new IngestionDay(DateOnly.FromDateTime(d.Date), d.Agency, d.Count))],
            now);
    }
}
