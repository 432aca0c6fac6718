using DataExchange.Api.Auditing;
using DataExchange.Api.Callers;
using DataExchange.Api.Grpc.Errors;
using DataExchange.Api.Grpc.Mapping;
using DataExchange.Contracts.V1;
using DataExchange.Domain.Access;
using DataExchange.Reconciliation.Children;
using DataExchange.Reconciliation.WorkQueues;
using Grpc.Core;
using Contract = DataExchange.Contracts.V1;

namespace DataExchange.Api.Grpc.Reconciliation;

/// <summary>
/// The conflict queue and the alert inbox as the caller may see them. Every item goes through the same disclosure as
/// GetChild (IDisclosurePolicy for the caller's grant, then ChildDisclosure.Filter), with no purpose and ID numbers
/// masked; the call's audit entry names every child on the page (its id and the salted keys of its ID numbers).
/// </summary>
public sealed class WorkQueueReads(ICallerContext callers, IDisclosurePolicy disclosure, ConflictQueue conflicts, AlertInbox alerts, ChildKeys childKeys,
    AsOfDate asOf)
{
    public async Task<ListConflictsResponse> ListConflictsAsync(ListConflictsRequest request, ServerCallContext context)
    {
        var caller = callers.RequireAgency(context);
        var filter = new ConflictFilter(Agency(request.Agency), request.Kind, request.Field, Status(request.Status, ConflictQueue.Statuses),
            Region(request.RegionCode), NotNegative(request.MinAgeDays, "min_age_days"), PageSize(request.PageSize), NotNegative(request.Page, "page"));
        var page = await conflicts.ListAsync(filter, context.CancellationToken);
        var response = new ListConflictsResponse { Total = page.Total };
        response.StatusCounts.AddRange(page.StatusCounts.Select(ToContract));
        foreach (var item in page.Items)
        {
            if (await DiscloseAsync(context, caller, item.Child) is not { } shown)
            {
                continue; // Nothing of this child is the caller's to see (stewards see every child's identity).
            }

            var queued = item.Child.Conflicts[0];
            // A conflict whose sides the caller may not all see keeps its ids and status, never its values.
            var conflict = shown.Conflicts.FirstOrDefault() ?? new Contract.Conflict
            {
                ConflictId = queued.Id, Kind = queued.Kind, Field = queued.Field, Status = queued.Status, Version = queued.Version,
            };
            response.Conflicts.Add(new ConflictItem
            {
                Conflict = conflict, ChildId = shown.ChildId, ChildName = Golden(shown, "name"), RegionCode = Golden(shown, "region_code"),
                CreatedAt = ChildMapping.Time(item.CreatedAt), UpdatedAt = ChildMapping.Time(item.UpdatedAt),
            });
        }

        return response;
    }

    public async Task<ListAlertsResponse> ListAlertsAsync(ListAlertsRequest request, ServerCallContext context)
    {
        var caller = callers.RequireAgency(context);
        var filter = new AlertFilter(Agency(request.Agency), request.Rule, Status(request.Status, AlertInbox.Statuses), Region(request.RegionCode),
            NotNegative(request.MinAgeDays, "min_age_days"), PageSize(request.PageSize), NotNegative(request.Page, "page"));
        var page = await alerts.ListAsync(filter, context.CancellationToken);
        var response = new ListAlertsResponse { Total = page.Total };
        response.StatusCounts.AddRange(page.StatusCounts.Select(ToContract));
        foreach (var item in page.Items)
        {
            if (await DiscloseAsync(context, caller, item.Child) is not { } shown)
            {
                continue; // Nothing of this child is the caller's to see (stewards see every child's identity).
            }

            var queued = item.Child.Alerts[0];
            // An alert the disclosure withholds keeps its ids, rule and status, never its text.
            var alert = shown.Alerts.FirstOrDefault() ?? new Contract.Alert
            {
                AlertId = queued.Id, Rule = queued.Rule, Agency = ChildMapping.Agency(queued.Agency), Status = queued.Status, Version = queued.Version,
                CreatedAt = ChildMapping.Time(queued.CreatedAt),
            };
            if (shown.Alerts.Count > 0)
            {
                alert.Message = AlertText.Of(queued, context);
            }

            response.Alerts.Add(new AlertItem
            {
                Alert = alert, ChildId = shown.ChildId, ChildName = Golden(shown, "name"), RegionCode = Golden(shown, "region_code"),
                UpdatedAt = ChildMapping.Time(item.UpdatedAt),
            });
        }

        return response;
    }

    // As GetChild discloses a child: the same filter, and the audit entry names the child, grants and field groups.
    private async Task<Contract.Child?> DiscloseAsync(ServerCallContext context, Domain.Agencies.Agency caller, ChildView child)
    {
        var grant = await disclosure.ForAsync(context, caller, child, revealIds: false, purpose: null);
        if (ChildDisclosure.Filter(child, grant, asOf.Today()) is not { } shown)
        {
            return null;
        }

        var audit = CallAudit.Of(context);
        audit.NameChild(child, childKeys);
        var disclosed = ChildDisclosure.Summarize(shown, grant);
        audit.Grants.AddRange(disclosed.GrantIds.Except(audit.Grants));
        audit.FieldGroups.UnionWith(disclosed.Groups.Select(group => group.ToCode()));
        return shown.ToContract(context.AlertLanguage());
    }

    private static string Golden(Contract.Child child, string field) => child.Golden.FirstOrDefault(value => value.Field == field)?.Value ?? "";

    private static Contract.StatusCount ToContract(DataExchange.Reconciliation.WorkQueues.StatusCount count) => new() { Status = count.Status, Count = count.Count };

    private static Domain.Agencies.Agency? Agency(Contract.Agency agency) =>
        agency == Contract.Agency.Unspecified ? null : agency.ToDomain() ?? throw RpcErrors.InvalidArgument("agency", "is not a known agency");

    private static string Status(string status, IReadOnlyList<string> known) =>
        status.Trim() is var trimmed && (trimmed.Length == 0 || known.Contains(trimmed))
            ? trimmed
            : throw RpcErrors.InvalidArgument("status", $"must be one of {string.Join(", ", known)}, or empty for any");

    private static string Region(string region) =>
        region.Trim() is var trimmed && (trimmed.Length == 0 || (trimmed.Length <= 6 && trimmed.All(char.IsAsciiDigit)))
            ? trimmed
            : throw RpcErrors.InvalidArgument("region_code", "must be a region code prefix of up to 6 digits");

    private static int PageSize(int size) =>
        size is >= 0 and <= 200 ? size : throw RpcErrors.InvalidArgument("page_size", "must be 1 to 200 (0 for the default, 50)");

    private static int NotNegative(int value, string field) => value >= 0 ? value : throw RpcErrors.InvalidArgument(field, "must not be negative");
}
