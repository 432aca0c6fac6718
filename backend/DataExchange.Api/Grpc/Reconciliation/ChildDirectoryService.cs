using DataExchange.Api.Auditing;
using DataExchange.Api.Callers;
using DataExchange.Api.Grpc.Errors;
using DataExchange.Api.Grpc.Mapping;
using DataExchange.Contracts.V1;
using DataExchange.Domain.Access;
using DataExchange.Domain.Agencies;
using DataExchange.Domain.Errors;
using DataExchange.Domain.Identifiers;
using DataExchange.Reconciliation.Children;
using Grpc.Core;

namespace DataExchange.Api.Grpc.Reconciliation;

/// <summary>
/// The child directory: thin; reads from ChildQueries and shows what ChildDisclosure lets the caller see (the grants
/// come from IDisclosurePolicy). A child of which the caller may see nothing answers exactly as an unknown one.
/// </summary>
public sealed class ChildDirectoryService(ICallerContext callers, IDisclosurePolicy disclosure, ChildQueries queries, ChildKeys childKeys, AsOfDate asOf)
    : ChildDirectory.ChildDirectoryBase
{
    public override async Task<GetChildResponse> GetChild(GetChildRequest request, ServerCallContext context)
    {
        var caller = callers.RequireAgency(context);
        var childId = RequireChildId(request.ChildId);
        var purpose = request.Purpose.ToDomain();
        var audit = CallAudit.Of(context);
        audit.PurposeReference = request.PurposeReference ?? "";
        if (purpose is { } stated)
        {
            audit.Purpose = stated.ToCode();
        }

        audit.Children.Add("c:" + childId);
        var child = await queries.GetAsync(childId, context.CancellationToken);
        // Who read which child: by its id, and by the salted key of every ID number its records carry, so an
        // auditor asking about a child by any of its numbers finds this read (the grants add what was disclosed).
        foreach (var key in child.Records.Select(record => childKeys.For(record.Values.GetValueOrDefault("id_number"))).OfType<string>().Distinct())
        {
            audit.Children.Add(key);
        }

        var grant = await disclosure.ForAsync(context, caller, child, request.RevealIds, purpose);
        var shown = ChildDisclosure.Filter(child, grant, asOf.Today()) ?? throw NotFound(childId);
        var disclosed = ChildDisclosure.Summarize(shown, grant);
        audit.Grants.AddRange(disclosed.GrantIds.Except(audit.Grants));
        audit.FieldGroups.UnionWith(disclosed.Groups.Select(group => group.ToCode()));
        if (disclosed.FullIdentity)
        {
            audit.FieldGroups.Add(CallAudit.FullIdentity);
        }

        return new GetChildResponse { Child = shown.ToContract(context.AlertLanguage()) };
    }

    public override async Task<SearchChildrenResponse> SearchChildren(SearchChildrenRequest request, ServerCallContext context)
    {
        var caller = callers.RequireAgency(context);
        var steward = (await disclosure.ForSearchAsync(context, caller)).Steward;
        var (children, total) = await queries.SearchAsync(
            new ChildSearch(request.Name ?? "", request.IdNumber ?? "", request.BirthDate ?? "", request.RegionCode ?? "", request.Category ?? "",
                request.PageSize == 0 ? 20 : request.PageSize, request.Page),
            steward ? null : caller.ToCode(), context.CancellationToken);

        // Every child the reply names, by id and by the salted keys of its records' ID numbers (as GetChild does).
        var audit = CallAudit.Of(context);
        audit.Children.AddRange(children.Select(child => "c:" + child.PublicId));
        audit.Children.AddRange((await queries.IdNumbersOfAsync([.. children.Select(child => child.PublicId)], context.CancellationToken))
            .Select(childKeys.For).OfType<string>().Distinct());
        if (steward && children.Count > 0)
        {
            audit.FieldGroups.UnionWith(DisclosureGrant.StewardGroups.Select(group => group.ToCode()));
        }

        var response = new SearchChildrenResponse { Total = total };
        response.Children.AddRange(children.Select(child => new DataExchange.Contracts.V1.ChildSummary
        {
            ChildId = child.PublicId,
            Name = child.Name,
            BirthDate = child.BirthDate,
            RegionCode = child.RegionCode,
            Category = child.Category,
            // The caller's own value in full; the golden value a steward sees, masked.
            IdNumber = steward && child.IdNumber.Length > 0 ? CitizenIdNumber.Mask(child.IdNumber) : child.IdNumber,
            RecordCount = child.RecordCount,
        }));
        return response;
    }

    public override async Task<GetChildHistoryResponse> GetChildHistory(GetChildHistoryRequest request, ServerCallContext context)
    {
        var caller = callers.RequireAgency(context);
        var childId = RequireChildId(request.ChildId);
        CallAudit.Of(context).Children.Add("c:" + childId);
        var history = await queries.GetHistoryAsync(childId, context.CancellationToken);
        var steward = (await disclosure.ForSearchAsync(context, caller)).Steward;
        // An agency is told only of the events that changed its own records; with none, the child is not its to know.
        var shown = steward ? history : [.. ChildDisclosure.History(history, caller.ToCode())];
        if (shown.Count == 0)
        {
            throw NotFound(childId);
        }

        var response = new GetChildHistoryResponse();
        response.Entries.AddRange(shown.Select(entry => entry.ToContract()));
        return response;
    }

    // The same answer as ChildQueries gives for an unknown child, so "exists but not yours" cannot be told apart.
    private static NotFoundException NotFound(string childId) => new($"No child '{childId}'.");

    private static string RequireChildId(string? childId) =>
        string.IsNullOrWhiteSpace(childId) ? throw RpcErrors.InvalidArgument("child_id", "is required") : childId.Trim();
}
