using DataExchange.Api.Access;
using DataExchange.Api.Auditing;
using DataExchange.Api.Callers;
using DataExchange.Api.Grpc.Errors;
using DataExchange.Api.Grpc.Mapping;
using DataExchange.Contracts.Mapping;
using DataExchange.Contracts.V1;
using DataExchange.Data.Records;
using DataExchange.Reconciliation;
using Grpc.Core;

namespace DataExchange.Api.Grpc;

/// <summary>Record exchange: thin; the agency comes from the caller, the work from the record store.</summary>
public sealed class RecordExchangeService(
    ICallerContext callers,
    BatchIngestion batches,
    RecordCommands commands,
    RecordQueries queries,
    IdentityVerification verification,
    CrossAgencyReads crossAgency,
    ChildKeys childKeys,
    Reconciler reconciler) : RecordExchange.RecordExchangeBase
{
    public override async Task<SubmitRecordsResponse> SubmitRecords(IAsyncStreamReader<SubmitRecordsRequest> requestStream, ServerCallContext context)
    {
        var response = await batches.IngestAsync(callers.RequireAgency(context), requestStream, context.CancellationToken);
        // A batch may hold 100,000 children: the entry names the batch, not each child.
        // The entry says what the reply carried: the counts, and how many rejections it listed.
        CallAudit.Of(context).Detail = $"batch {response.BatchKey}: {response.Accepted} accepted, {response.Unchanged} unchanged, " +
            $"{response.Rejected} rejected ({response.Rejections.Count} listed, {response.RejectionsOmitted} omitted)" +
            (response.Replayed ? ", replayed" : "");
        return response;
    }

    public override async Task<UpsertRecordResponse> UpsertRecord(UpsertRecordRequest request, ServerCallContext context)
    {
        var agency = callers.RequireAgency(context);
        if (request.Record is null)
        {
            throw RpcErrors.InvalidArgument("record", "is required");
        }

        int? expected = request.HasExpectedVersion ? request.ExpectedVersion : null;
        var (stored, unchanged) = await commands.UpsertAsync(agency, request.Record.ToDomain(agency), expected, context.CancellationToken);
        CallAudit.Of(context).Touch(stored.Id, childKeys.For(stored.IdNumber));
        if (!unchanged)
        {
            await reconciler.ReconcileAsync([stored.Id], context.CancellationToken);
        }

        return new UpsertRecordResponse { Record = stored.ToContract(), Unchanged = unchanged };
    }

    public override async Task<RetractRecordResponse> RetractRecord(RetractRecordRequest request, ServerCallContext context)
    {
        var agency = callers.RequireAgency(context);
        RequireSourceId(request.SourceId);
        var (stored, unchanged) = await commands.RetractAsync(agency, request.SourceId.Trim(), request.Reason ?? "", context.CancellationToken);
        CallAudit.Of(context).Touch(stored.Id, childKeys.For(stored.IdNumber));
        if (!unchanged)
        {
            await reconciler.ReconcileAsync([stored.Id], context.CancellationToken);
        }

        return new RetractRecordResponse { Record = stored.ToContract(), Unchanged = unchanged };
    }

    public override async Task<GetSourceRecordResponse> GetSourceRecord(GetSourceRecordRequest request, ServerCallContext context)
    {
        var caller = callers.RequireCaller(context);
        RequireSourceId(request.SourceId);
        var owner = request.Agency == Contracts.V1.Agency.Unspecified ? caller.Agency : request.Agency.ToDomain();
        if (owner is null)
        {
            throw RpcErrors.InvalidArgument("agency", "is not a known agency");
        }

        if (owner != caller.Agency)
        {
            return await crossAgency.ReadAsync(caller, owner.Value, request, context);
        }

        var agency = caller.Agency;
        var stored = await queries.GetWithHistoryAsync(agency, request.SourceId.Trim(), context.CancellationToken);
        CallAudit.Of(context).Touch(stored.Id, childKeys.For(stored.IdNumber));
        var response = new GetSourceRecordResponse { Record = stored.ToContract() };
        response.History.AddRange(stored.Versions.Select(version => version.ToContract(agency)));
        return response;
    }

    public override Task<VerifyIdentityResponse> VerifyIdentity(VerifyIdentityRequest request, ServerCallContext context)
    {
        callers.RequireAgency(context);
        if (childKeys.For(request.IdNumber) is { } key)
        {
            CallAudit.Of(context).Children.Add(key);
        }

        return verification.VerifyAsync(request, context.CancellationToken);
    }

    private static void RequireSourceId(string? sourceId)
    {
        if (string.IsNullOrWhiteSpace(sourceId))
        {
            throw RpcErrors.InvalidArgument("source_id", "is required");
        }
    }
}
