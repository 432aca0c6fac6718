using DataExchange.Api.Access;
using DataExchange.Api.Identity;
using DataExchange.Data.Entities;
using DataExchange.Domain.Access;
using DataExchange.Domain.Agencies;
using DataExchange.Reconciliation.Children;
using Grpc.Core;

namespace DataExchange.Api.Callers;

/// <summary>
/// The child directory's disclosure from the grants in the database (GrantEvaluator), looked up once on every call:
/// another agency's record is opened only as far as a live grant for the stated purpose covers it (owner agency,
/// region, category), and ID numbers in full only with full identity. A steward reconciling (role and scope) is
/// shown every record's identity and contact columns besides (ChildDisclosure), and ID numbers in full only on an
/// explicit reveal, which the audit entry records.
/// </summary>
public sealed class GrantDisclosurePolicy(ICallerContext callers, GrantEvaluator grants) : IDisclosurePolicy
{
    public async Task<DisclosureGrant> ForAsync(ServerCallContext context, Agency caller, ChildView child, bool revealIds, Purpose? purpose)
    {
        var principal = callers.RequireCaller(context);
        var steward = IsSteward(principal);
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
                    decided[(record.Agency, record.SourceId)] = new RecordGrant(decision.FieldGroups, revealIds && decision.FullIdentity)
                    {
                        GrantIds = [.. decision.GrantIds.Select(id => id.ToString())],
                    };
                }
            }
        }

        // What was actually shown, and under which grants, is recorded by the service from the filtered view.
        return new DisclosureGrant(caller, (agency, sourceId) => decided.GetValueOrDefault((agency, sourceId), RecordGrant.Nothing))
        {
            Steward = steward,
            RevealIds = steward && revealIds,
        };
    }

    public Task<DisclosureGrant> ForSearchAsync(ServerCallContext context, Agency caller)
    {
        var principal = callers.RequireCaller(context);
        // Search has no purpose: it opens no grant. A steward searches every record's identity and contact columns.
        return Task.FromResult(new DisclosureGrant(caller, (_, _) => RecordGrant.Nothing) { Steward = IsSteward(principal) });
    }

    public static bool IsSteward(CallerPrincipal principal) =>
        principal.Roles.Contains(DxIdentity.Roles.Steward) && principal.Scopes.Contains(DxIdentity.Scopes.Reconcile);
}
