using DataExchange.Api.Callers;
using DataExchange.Api.Grpc.Errors;
using DataExchange.Api.Grpc.Mapping;
using DataExchange.Contracts.V1;
using DataExchange.Domain.Agencies;
using DataExchange.Reconciliation.Stewardship;
using Grpc.Core;
using Contract = DataExchange.Contracts.V1;

namespace DataExchange.Api.Grpc.Reconciliation;

/// <summary>
/// Steward decisions: thin; the work is in StewardDecisions (versions checked there: a stale expected_version
/// is a ConflictException, mapped to FailedPrecondition with the current state by the error interceptor).
/// </summary>
public sealed partial class ReconciliationService(
    ICallerContext callers, ReviewQueue queue, StewardDecisions decisions, WorkQueueReads workQueues) : Contract.Reconciliation.ReconciliationBase
{
    public override async Task<ListReviewCandidatesResponse> ListReviewCandidates(ListReviewCandidatesRequest request, ServerCallContext context)
    {
        callers.RequireAgency(context);
        var filter = new ReviewFilter(request.Agency.ToDomain(), request.RegionCode ?? "", request.MinScore, request.MaxScore, request.MinAgeDays, request.PageSize, request.Page);
        var (items, total) = await queue.ListAsync(filter, context.CancellationToken);
        var response = new ListReviewCandidatesResponse { Total = total };
        response.Candidates.AddRange(items.Select(item => item.ToContract()));
        return response;
    }

    public override async Task<DecideCandidateResponse> DecideCandidate(DecideCandidateRequest request, ServerCallContext context) => new()
    {
        DecisionId = await decisions.DecideCandidateAsync(request.CandidateId, request.ExpectedVersion, request.SameChild, Steward(context), request.Reason ?? "", context.CancellationToken),
    };

    public override async Task<MergeChildrenResponse> MergeChildren(MergeChildrenRequest request, ServerCallContext context) => new()
    {
        DecisionId = await decisions.MergeAsync(request.SurvivorChildId, request.SurvivorExpectedVersion, request.AbsorbedChildId, request.AbsorbedExpectedVersion,
            Steward(context), request.Reason ?? "", context.CancellationToken),
    };

    public override async Task<SplitChildResponse> SplitChild(SplitChildRequest request, ServerCallContext context)
    {
        var records = request.Records.Select(key => (Code(key.Agency, "records.agency"), key.SourceId)).ToList();
        return new SplitChildResponse
        {
            DecisionId = await decisions.SplitAsync(request.ChildId, request.ExpectedVersion, records, Steward(context), request.Reason ?? "", context.CancellationToken),
        };
    }

    public override async Task<ResolveConflictResponse> ResolveConflict(ResolveConflictRequest request, ServerCallContext context)
    {
        (string, string)? chosen = request.Chosen is { } key ? (Code(key.Agency, "chosen.agency"), key.SourceId) : null;
        return new ResolveConflictResponse
        {
            DecisionId = await decisions.ResolveConflictAsync(request.ConflictId, request.ExpectedVersion, chosen, request.CorrectedValue, Steward(context), request.Reason ?? "", context.CancellationToken),
        };
    }

    public override async Task<SetAlertStatusResponse> SetAlertStatus(SetAlertStatusRequest request, ServerCallContext context) => new()
    {
        DecisionId = await decisions.SetAlertStatusAsync(request.AlertId, request.ExpectedVersion, request.Status ?? "", Steward(context), request.Reason ?? "", context.CancellationToken),
    };

    public override async Task<ReverseDecisionResponse> ReverseDecision(ReverseDecisionRequest request, ServerCallContext context) => new()
    {
        DecisionId = await decisions.ReverseAsync(request.DecisionId, Steward(context), request.Reason ?? "", context.CancellationToken),
    };

    // The person deciding (the audit interceptor records the call; the decision keeps who took it).
    private string Steward(ServerCallContext context) => callers.RequireCaller(context).Key;

    private static string Code(Contract.Agency agency, string field) =>
        agency.ToDomain() is { } known ? known.ToCode() : throw RpcErrors.InvalidArgument(field, "is required");
}
