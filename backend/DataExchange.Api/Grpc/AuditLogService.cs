using System.Globalization;
using DataExchange.Api.Auditing;
using DataExchange.Api.Grpc.Errors;
using DataExchange.Api.Grpc.Mapping;
using DataExchange.Contracts.V1;
using DataExchange.Data.Audit;
using DataExchange.Data.Entities;
using DataExchange.Domain.Access;
using Grpc.Core;
using DataExchange.Domain.Paging;

namespace DataExchange.Api.Grpc;

/// <summary>The audit log for auditors (enforced by the access interceptor): filtered entries, per-child disclosures, chain verification.</summary>
public sealed class AuditLogService(AuditQueries queries, ChildKeys childKeys) : AuditLog.AuditLogBase
{
    private const int DefaultPageSize = 100;
    private const int MaxPageSize = 500;
    private const int MaxDisclosures = 1000;

    public override async Task<QueryEntriesResponse> QueryEntries(QueryEntriesRequest request, ServerCallContext context)
    {
        var pageSize = PageWindow.SizeOf(request.PageSize, DefaultPageSize, MaxPageSize);
        var after = request.PageToken.Length == 0 ? 0 : long.TryParse(request.PageToken, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
            ? parsed : throw RpcErrors.InvalidArgument("page_token", "is not a token this server gave out");
        var filter = new AuditFilter
        {
            ChildKey = string.IsNullOrWhiteSpace(request.ChildIdNumber) ? null : childKeys.For(request.ChildIdNumber),
            Agency = request.Agency.ToDomain() is { } agency ? Domain.Agencies.AgencyCodes.ToCode(agency) : null,
            Principal = string.IsNullOrWhiteSpace(request.Principal) ? null : request.Principal.Trim(),
            Purpose = request.Purpose.ToDomain() is { } purpose ? purpose.ToCode() : null,
            From = request.From?.ToDateTime(),
            To = request.To?.ToDateTime(),
            After = after,
        };
        if (request.ChildIdNumber.Length > 0)
        {
            CallAudit.Of(context).Children.Add(filter.ChildKey!);
        }

        // One entry more than the page: the last page hands out no token even when it is exactly full.
        var rows = await queries.QueryAsync(filter, pageSize + 1, context.CancellationToken);
        var page = rows.Take(pageSize).ToList();
        var response = new QueryEntriesResponse
        {
            NextPageToken = rows.Count > pageSize ? page[^1].Sequence.ToString(CultureInfo.InvariantCulture) : "",
        };
        response.Entries.AddRange(page.Select(ToContract));
        return response;
    }

    public override async Task<GetDisclosureReportResponse> GetDisclosureReport(GetDisclosureReportRequest request, ServerCallContext context)
    {
        var key = childKeys.For(request.ChildIdNumber) ?? throw RpcErrors.InvalidArgument("child_id_number", "is required");
        CallAudit.Of(context).Children.Add(key);
        var entries = await queries.DisclosuresAsync(key, MaxDisclosures, context.CancellationToken);
        var response = new GetDisclosureReportResponse { Truncated = entries.Count > MaxDisclosures };
        response.Disclosures.AddRange(entries.Take(MaxDisclosures)
            .Select(entry =>
            {
                var disclosure = new Disclosure
                {
                    OccurredAt = AccessMapping.Utc(entry.OccurredAt),
                    Agency = entry.Agency,
                    Principal = entry.Principal,
                    Rpc = entry.Rpc,
                    Purpose = entry.Purpose,
                    Sequence = entry.Sequence,
                };
                disclosure.Grants.AddRange(Split(entry.Grants));
                disclosure.FieldGroups.AddRange(Split(entry.FieldGroups));
                return disclosure;
            }));
        return response;
    }

    public override async Task<VerifyChainResponse> VerifyChain(VerifyChainRequest request, ServerCallContext context)
    {
        AuditHead? expected = null;
        if (request.ExpectedHead.Length > 0 && !AuditHead.TryParse(request.ExpectedHead, out expected))
        {
            throw RpcErrors.InvalidArgument("expected_head", "is not SEQUENCE:HASH (64 hex digits)");
        }

        var verdict = await queries.VerifyAsync(expected, context.CancellationToken);
        return new VerifyChainResponse
        {
            Intact = !verdict.Failed,
            EntriesChecked = verdict.Checked,
            FirstBadSequence = verdict.FirstBadSequence ?? 0,
            Problem = verdict.Problem,
            Head = verdict.Head?.ToString() ?? "",
        };
    }

    private static AuditEntry ToContract(AuditEntryEntity entry)
    {
        var contract = new AuditEntry
        {
            Sequence = entry.Sequence,
            OccurredAt = AccessMapping.Utc(entry.OccurredAt),
            PrincipalKind = entry.PrincipalKind,
            Principal = entry.Principal,
            Agency = entry.Agency,
            Rpc = entry.Rpc,
            Purpose = entry.Purpose,
            PurposeReference = entry.PurposeReference,
            Outcome = entry.Outcome,
            Detail = entry.Detail,
            PreviousHash = entry.PreviousHash,
            Hash = entry.Hash,
        };
        contract.Grants.AddRange(Split(entry.Grants));
        contract.Children.AddRange(Split(entry.Children));
        contract.FieldGroups.AddRange(Split(entry.FieldGroups));
        return contract;
    }

    private static string[] Split(string list) => list.Split(',', StringSplitOptions.RemoveEmptyEntries);
}
