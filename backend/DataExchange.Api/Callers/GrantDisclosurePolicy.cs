using DataExchange.Api.Access;
using DataExchange.Api.Identity;
using DataExchange.Data.Entities;
using DataExchange.Domain.Access;
using DataExchange.Domain.Agencies;
using DataExchange.Reconciliation.Children;
using Grpc.Core;

namespace DataExchange.Api.Callers;

/// <summary>
/// The child directory's disclosure from the grants in the database (GrantEvaluator), looked up on every call:
/// a steward reconciling sees everything; anyone else sees another agency's record only as far as a live grant
/// for the stated purpose covers it (owner agency, region, category), and ID numbers in full only with full identity.
/// </summary>
public sealed class GrantDisclosurePolicy(ICallerContext callers, GrantEvaluator grants) : IDisclosurePolicy
{
    public async Task<DisclosureGrant> ForAsync(ServerCallContext context, Agency caller, ChildView child, bool revealIds, Purpose? purpose)
    {
        var principal = callers.RequireCaller(context);
        if (principal.Roles.Contains(DxIdentity.Roles.Steward) && principal.Scopes.Contains(DxIdentity.Scopes.Reconcile))
        {
            return DisclosureGrant.Full(caller, revealIds);
        }

        var decided = new Dictionary<(string, string), RecordGrant>();
        if (purpose is { } stated)
        {
            foreach (var record in child.Records.Where(r => r.Agency != caller.ToCode()))
            {
                if (!AgencyCodes.TryParse(record.Agency, out var owner))
                {
                    continue;
                }

                var candidates = await grants.CandidatesAsync(caller, stated, owner, context.CancellationToken);
                var stub = new SourceRecordEntity
                {
                    Agency = record.Agency, SourceId = record.SourceId, ContentHash = [], RawJson = "", NormalizedJson = "",
                    RegionCode = record.Values.GetValueOrDefault("region_code", ""), IdNumber = record.Values.GetValueOrDefault("id_number", ""),
                };
                if (candidates.Count > 0 && await grants.DecideAsync(candidates, stub, context.CancellationToken) is { } decision)
                {
                    decided[(record.Agency, record.SourceId)] = new RecordGrant(decision.FieldGroups, revealIds && decision.FullIdentity);
                }
            }
        }

        return new DisclosureGrant(caller, (agency, sourceId) => decided.GetValueOrDefault((agency, sourceId), RecordGrant.Nothing));
    }

    public Task<DisclosureGrant> ForSearchAsync(ServerCallContext context, Agency caller)
    {
        var principal = callers.RequireCaller(context);
        // Search shows golden identity columns: stewards see them; other callers only ids and counts.
        return Task.FromResult(principal.Roles.Contains(DxIdentity.Roles.Steward)
            ? DisclosureGrant.Full(caller, revealIds: false)
            : DisclosureGrant.Uniform(caller, new HashSet<FieldGroup>(), revealIds: false));
    }
}
