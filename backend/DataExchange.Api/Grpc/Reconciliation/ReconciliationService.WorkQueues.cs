using DataExchange.Contracts.V1;
using Grpc.Core;

namespace DataExchange.Api.Grpc.Reconciliation;

/// <summary>The conflict queue and the alert inbox: thin; WorkQueueReads filters, discloses and audits.</summary>
public sealed partial class ReconciliationService
{
    public override Task<ListConflictsResponse> ListConflicts(ListConflictsRequest request, ServerCallContext context) =>
        workQueues.ListConflictsAsync(request, context);

    public override Task<ListAlertsResponse> ListAlerts(ListAlertsRequest request, ServerCallContext context) =>
        workQueues.ListAlertsAsync(request, context);
}
