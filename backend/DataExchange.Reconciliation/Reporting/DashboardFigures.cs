namespace DataExchange.Reconciliation.Reporting;

/// <summary>What the dashboard counts: a region prefix, how many digits group regions, how many days of ingestion.</summary>
public sealed record DashboardQuery(string RegionCode = "", int RegionDigits = 4, int Days = 30);

/// <summary>The dashboard's figures: counts only, never a child.</summary>
public sealed record DashboardFigures(
    IReadOnlyList<ChildrenCount> Children,
    int TotalChildren,
    ReviewBacklog Review,
    LinkingRates Linking,
    IReadOnlyList<AlertCount> Alerts,
    IReadOnlyList<IngestionDay> Ingestion,
    DateTime ComputedAt);

/// <summary>Active children of one category in one region group.</summary>
public sealed record ChildrenCount(string Category, string RegionCode, int Children);

/// <summary>Open review candidates, how long they have waited (bands of days), and the stewards' recent pace.</summary>
public sealed record ReviewBacklog(int Open, DateTime? OldestProposedAt, IReadOnlyList<AgeBand> Ages, int DecidedLast7Days);

/// <summary>Items aged at least MinDays and under MaxDays (0: no upper bound).</summary>
public sealed record AgeBand(int MinDays, int MaxDays, int Count);

/// <summary>How linked records got to their children.</summary>
public sealed record LinkingRates(int LinkedRecords, int Automatic, int NewChildren, int BySteward, int ReviewedRecords)
{
    public double AutomaticRate => LinkedRecords == 0 ? 0 : (Automatic + NewChildren) / (double)LinkedRecords;

    public double ReviewRate => LinkedRecords == 0 ? 0 : ReviewedRecords / (double)LinkedRecords;
}

/// <summary>Alerts not yet closed of one rule for one agency.</summary>
public sealed record AlertCount(string Rule, string Agency, int Open, int Acknowledged);

/// <summary>Record versions one agency sent on one UTC day.</summary>
public sealed record IngestionDay(DateOnly Day, string Agency, int Records);
