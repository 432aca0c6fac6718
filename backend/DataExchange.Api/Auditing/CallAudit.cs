using DataExchange.Api.Access;
using DataExchange.Domain.Access;
using Grpc.Core;

namespace DataExchange.Api.Auditing;

/// <summary>
/// What one call did, collected while it runs (the access interceptor sets the caller, services add purpose,
/// grants, children and field groups) and written as one audit entry when it ends.
/// </summary>
public sealed class CallAudit
{
    public CallerPrincipal? Caller { get; set; }
    public string Purpose { get; set; } = "";
    public string PurposeReference { get; set; } = "";
    public List<string> Grants { get; } = [];
    public List<string> Children { get; } = [];
    public SortedSet<string> FieldGroups { get; } = new(StringComparer.Ordinal);
    public string Detail { get; set; } = "";

    /// <summary>Refused by a rate limit or quota: audited in aggregate (see <see cref="RefusalTally"/>).</summary>
    public bool Throttled { get; set; }

    /// <summary>The field-group entry that says ID numbers were shown in full, not masked.</summary>
    public const string FullIdentity = "identity_full";

    public static CallAudit Of(ServerCallContext context)
    {
        var http = context.GetHttpContext();
        if (http.Items[typeof(CallAudit)] is CallAudit audit)
        {
            return audit;
        }

        audit = new CallAudit();
        http.Items[typeof(CallAudit)] = audit;
        return audit;
    }

    /// <summary>Records what a grant decision disclosed: the grants, their field groups, and full ID numbers when shown.</summary>
    public void Disclosed(GrantDecision decision, bool fullIdentityShown)
    {
        Grants.AddRange(decision.GrantIds.Select(id => id.ToString()).Except(Grants));
        FieldGroups.UnionWith(decision.FieldGroups.Select(group => group.ToCode()));
        if (fullIdentityShown)
        {
            FieldGroups.Add(FullIdentity);
        }
    }

    /// <summary>Records that every field group was disclosed (a steward reconciling), with full ID numbers when shown.</summary>
    public void DisclosedEverything(bool fullIdentityShown)
    {
        FieldGroups.UnionWith(Enum.GetValues<FieldGroup>().Select(group => group.ToCode()));
        if (fullIdentityShown)
        {
            FieldGroups.Add(FullIdentity);
        }
    }

    /// <summary>Records a record and, when it has an ID number, the child's salted key (never the number).</summary>
    public void Touch(long recordId, string? childKey)
    {
        Children.Add($"r:{recordId}");
        if (childKey is not null)
        {
            Children.Add(childKey);
        }
    }
}
