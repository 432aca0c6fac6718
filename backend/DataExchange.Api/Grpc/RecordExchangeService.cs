using DataExchange.Api.Callers;
using DataExchange.Api.Grpc.Errors;
using DataExchange.Api.Grpc.Mapping;
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
    Reconciler reconciler) : RecordExchange.RecordExchangeBase
{
    public override Task<SubmitRecordsResponse> SubmitRecords(IAsyncStreamReader<SubmitRecordsRequest> requestStream, ServerCallContext context) =>
        batches.IngestAsync(callers.RequireAgency(context), requestStream, context.CancellationToken);

    public override async Task<UpsertRecordResponse> UpsertRecord(UpsertRecordRequest request, ServerCallContext context)
    {
        var agency = callers.RequireAgency(context);
        if (request.Record is null)
        {
            throw RpcErrors.InvalidArgument("record", "is required");
        }

        int? expected = request.HasExpectedVersion ? request.ExpectedVersion : null;
        var (stored, unchanged) = await commands.UpsertAsync(agency, request.Record.ToDomain(agency), expected, context.CancellationToken);
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
        if (!unchanged)
        {
            await reconciler.ReconcileAsync([stored.Id], context.CancellationToken);
        }

        return new RetractRecordResponse { Record = stored.ToContract(), Unchanged = unchanged };
    }

    public override async Task<GetSourceRecordResponse> GetSourceRecord(GetSourceRecordRequest request, ServerCallContext context)
    {
        var agency = callers.RequireAgency(context);
        RequireSourceId(request.SourceId);
        var stored = await queries.GetWithHistoryAsync(agency, request.SourceId.Trim(), context.CancellationToken);
        var response = new GetSourceRecordResponse { Record = stored.ToContract() };
        response.History.AddRange(stored.Versions.Select(version => version.ToContract(agency)));
        return response;
    }

    public override Task<VerifyIdentityResponse> VerifyIdentity(VerifyIdentityRequest request, ServerCallContext context)
    {
        callers.RequireAgency(context);
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
