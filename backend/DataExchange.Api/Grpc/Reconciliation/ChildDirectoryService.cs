using DataExchange.Api.Auditing;
using DataExchange.Api.Callers;
using DataExchange.Api.Grpc.Errors;
using DataExchange.Api.Grpc.Mapping;
using DataExchange.Contracts.V1;
using DataExchange.Domain.Access;
using DataExchange.Domain.Identifiers;
using FieldGroup = DataExchange.Domain.Access.FieldGroup;
using DataExchange.Reconciliation.Children;
using Grpc.Core;

namespace DataExchange.Api.Grpc.Reconciliation;

/// <summary>The child directory: thin; reads from ChildQueries, filtered by the caller's grant (IDisclosurePolicy).</summary>
public sealed class ChildDirectoryService(ICallerContext callers, IDisclosurePolicy disclosure, ChildQueries queries, ChildKeys childKeys) : ChildDirectory.ChildDirectoryBase
{
    public override async Task<GetChildResponse> GetChild(GetChildRequest request, ServerCallContext context)
    {
        var caller = callers.RequireAgency(context);
        var childId = RequireChildId(request.ChildId);
        var child = await queries.GetAsync(childId, context.CancellationToken);
        var purpose = request.Purpose.ToDomain();
        var audit = CallAudit.Of(context);
        audit.PurposeReference = request.PurposeReference ?? "";
        if (purpose is { } stated)
        {
            audit.Purpose = stated.ToCode();
        }

        // Who read which child: by its id, and by the salted key of every ID number its records carry, so an
        // auditor asking about a child by any of its numbers finds this read (the grants add what was disclosed).
        audit.Children.Add("c:" + child.PublicId);
        foreach (var key in child.Records.Select(record => childKeys.For(record.Values.GetValueOrDefault("id_number"))).OfType<string>().Distinct())
        {
            audit.Children.Add(key);
        }

        var grant = await disclosure.ForAsync(context, caller, child, request.RevealIds, purpose);
        return new GetChildResponse { Child = ChildDisclosure.Filter(child, grant).ToContract(context.AlertLanguage()) };
    }

    public override async Task<SearchChildrenResponse> SearchChildren(SearchChildrenRequest request, ServerCallContext context)
    {
        var caller = callers.RequireAgency(context);
        var groups = (await disclosure.ForSearchAsync(context, caller)).ForRecord("", "").Groups;
        var (children, total) = await queries.SearchAsync(
            new ChildSearch(request.Name ?? "", request.IdNumber ?? "", request.BirthDate ?? "", request.RegionCode ?? "", request.Category ?? "",
                request.PageSize == 0 ? 20 : request.PageSize, request.Page),
            context.CancellationToken);
        var response = new SearchChildrenResponse { Total = total };
        var identity = groups.Contains(FieldGroup.Identity);
        response.Children.AddRange(children.Select(child => new DataExchange.Contracts.V1.ChildSummary
        {
            ChildId = child.PublicId,
            // Search results carry identity columns: without an identity grant only the id and counts are shown.
            Name = identity ? child.Name : "",
            BirthDate = identity ? child.BirthDate : "",
            RegionCode = groups.Contains(FieldGroup.Contact) ? child.RegionCode : "",
            Category = groups.Contains(FieldGroup.Welfare) ? child.Category : "",
            IdNumber = identity && child.IdNumber.Length > 0 ? CitizenIdNumber.Mask(child.IdNumber) : "",
            RecordCount = child.RecordCount,
        }));
        return response;
    }

    public override async Task<GetChildHistoryResponse> GetChildHistory(GetChildHistoryRequest request, ServerCallContext context)
    {
        callers.RequireAgency(context);
        var history = await queries.GetHistoryAsync(RequireChildId(request.ChildId), context.CancellationToken);
        var response = new GetChildHistoryResponse();
        response.Entries.AddRange(history.Select(entry => entry.ToContract()));
        return response;
    }

    private static string RequireChildId(string? childId) =>
        string.IsNullOrWhiteSpace(childId) ? throw RpcErrors.InvalidArgument("child_id", "is required") : childId.Trim();
}
