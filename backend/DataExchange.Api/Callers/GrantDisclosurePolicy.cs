using DataExchange.Api.Access;
using DataExchange.Api.Auditing;
using DataExchange.Api.Identity;
using DataExchange.Data.Entities;
using DataExchange.Domain.Access;
using DataExchange.Domain.Agencies;
using DataExchange.Reconciliation.Children;
using Grpc.Core;

namespace DataExchange.Api.Callers;

/// <summary>
/// The child directory's disclosure from the grants in the database (GrantEvaluator), looked up once on every call:
/// a steward reconciling sees everything; anyone else sees another agency's record only as far as a live grant
/// for the stated purpose covers it (owner agency, region, category), and ID numbers in full only with full identity.
/// </summary>
public sealed class GrantDisclosurePolicy(ICallerContext callers, GrantEvaluator grants) : IDisclosurePolicy
{
    public async Task<DisclosureGrant> ForAsync(ServerCallContext context, Agency caller, ChildView child, bool revealIds, Purpose? purpose)
    {
        var principal = callers.RequireCaller(context);
        var audit = CallAudit.Of(context);
        if (principal.Roles.Contains(DxIdentity.Roles.Steward) && principal.Scopes.Contains(DxIdentity.Scopes.Reconcile))
        {
            audit.DisclosedEverything(revealIds); // A steward reconciling sees every group.

            return DisclosureGrant.Full(caller, revealIds);
        }

        var decided = new Dictionary<(string, string), RecordGrant>();
        var othersRecords = child.Records.Where(r => r.Agency != caller.ToCode()).ToList();
        if (purpose is { } stated && othersRecords.Count > 0)
        {
            // One look-up of the live grants for the whole child, not one per linked record.
            var live = await grants.LiveAsync(caller, stated, context.CancellationToken);
            var candidatesByOwner = new Dictionary<Agency, IReadOnlyList<GrantEntity>>();
            foreach (var record in othersRecords)
            {
                if (!AgencyCodes.TryParse(record.Agency, out var owner))
                {
                    continue;
                }

                if (!candidatesByOwner.TryGetValue(owner, out var candidates))
                {
                    candidates = candidatesByOwner[owner] = GrantEvaluator.Candidates(live, owner);
                }

                var stub = new SourceRecordEntity
                {
                    Agency = record.Agency, SourceId = record.SourceId, ContentHash = [], RawJson = "", NormalizedJson = "",
                    RegionCode = record.Values.GetValueOrDefault("region_code", ""), IdNumber = record.Values.GetValueOrDefault("id_number", ""),
                };
                if (candidates.Count > 0 && await grants.DecideAsync(candidates, stub, context.CancellationToken) is { } decision)
                {
                    decided[(record.Agency, record.SourceId)] = new RecordGrant(decision.FieldGroups, revealIds && decision.FullIdentity);
                    // The audit entry names the grants that opened another agency's record, and what they opened.
                    audit.Disclosed(decision, revealIds && decision.FullIdentity);
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
