using DataExchange.Api.Access;
using DataExchange.Api.Auditing;
using DataExchange.Api.Grpc.Mapping;
using DataExchange.Api.Identity;
using DataExchange.Contracts.V1;
using DataExchange.Data.Records;
using DataExchange.Domain.Access;
using DataExchange.Domain.Agencies;
using Grpc.Core;
using Agency = DataExchange.Domain.Agencies.Agency;
using Purpose = DataExchange.Domain.Access.Purpose;

namespace DataExchange.Api.Grpc;

/// <summary>
/// Reading another agency's record: a stated purpose, a live grant for it that covers the record, only the granted
/// field groups, ID numbers masked unless full identity is granted and asked for. Every step lands in the audit entry.
/// </summary>
public sealed class CrossAgencyReads(GrantEvaluator grants, RecordQueries queries, ChildKeys childKeys)
{
    public async Task<GetSourceRecordResponse> ReadAsync(CallerPrincipal caller, Agency owner, GetSourceRecordRequest request, ServerCallContext context)
    {
        var audit = CallAudit.Of(context);
        audit.PurposeReference = request.PurposeReference ?? "";
        if (!caller.Scopes.Contains(DxIdentity.Scopes.ChildrenRead))
        {
            throw Denied($"Reading another agency's records needs the {DxIdentity.Scopes.ChildrenRead} scope.");
        }

        if (request.Purpose.ToDomain() is not { } purpose)
        {
            throw Denied("Reading another agency's record needs a stated purpose.");
        }

        audit.Purpose = purpose.ToCode();
        var candidates = await grants.CandidatesAsync(caller.Agency, purpose, owner, context.CancellationToken);
        if (candidates.Count == 0)
        {
            // Refused before the record is looked up: no answer says whether it exists.
            throw Denied($"No live grant lets {caller.Agency.ToCode()} read {owner.ToCode()} records for {purpose.ToCode()}.");
        }

        // An unknown source_id is refused exactly as a record no grant covers: a grant limited by category or region
        // must not tell its grantee which of the owner's keys exist outside it (NotFound here once did).
        var stored = await queries.FindWithHistoryAsync(owner, request.SourceId.Trim(), context.CancellationToken);
        var uncovered = Denied("No live grant covers this record (child category or region), or the owner has no such record.");
        if (stored is null)
        {
            throw uncovered;
        }

        var decision = await grants.DecideAsync(candidates, stored, context.CancellationToken) ?? throw uncovered;
        if (request.RevealIdNumbers && !decision.FullIdentity)
        {
            throw Denied("Revealing ID numbers in full needs a grant with full identity.");
        }

        audit.Disclosed(decision, request.RevealIdNumbers);
        audit.Touch(stored.Id, childKeys.For(stored.IdNumber));

        var response = new GetSourceRecordResponse { Record = RecordDisclosure.Disclose(stored, decision.FieldGroups, request.RevealIdNumbers) };
        response.DisclosedFieldGroups.AddRange(decision.FieldGroups.Order().Select(group => group.ToContract()));
        response.GrantIds.AddRange(decision.GrantIds.Select(id => id.ToString()));
        return response;
    }

    private static RpcException Denied(string message) => new(new Status(StatusCode.PermissionDenied, message));
}
