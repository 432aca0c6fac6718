using DataExchange.Reconciliation.Children;

namespace DataExchange.Reconciliation.WorkQueues;

/// <summary>One page of a work queue: its items, how many match in all, and how many per status (every filter but status).</summary>
public sealed record QueuePage<T>(IReadOnlyList<T> Items, int Total, IReadOnlyList<StatusCount> StatusCounts);

/// <summary>How many items of a queue have one status.</summary>
public sealed record StatusCount(string Status, int Count);

/// <summary>
/// A conflict with the child it concerns. The child view holds its golden record, linked records and this conflict
/// only, so that the host's disclosure (ChildDisclosure with the caller's grant) judges it exactly as GetChild would.
/// </summary>
public sealed record QueuedConflict(ChildView Child, DateTime CreatedAt, DateTime UpdatedAt);

/// <summary>An alert with the child it concerns (golden record, linked records, this alert only).</summary>
public sealed record QueuedAlert(ChildView Child, DateTime UpdatedAt);

/// <summary>Conflict queue filters; null or empty means "any".</summary>
public sealed record ConflictFilter(
    Domain.Agencies.Agency? Agency = null, string Kind = "", string Field = "", string Status = "", string RegionCode = "",
    int MinAgeDays = 0, int PageSize = 50, int Page = 0);

/// <summary>Alert inbox filters; null or empty means "any".</summary>
public sealed record AlertFilter(
    Domain.Agencies.Agency? Agency = null, string Rule = "", string Status = "", string RegionCode = "",
    int MinAgeDays = 0, int PageSize = 50, int Page = 0);
