using DataExchange.Api.Identity;

namespace DataExchange.Api.Access;

/// <summary>
/// What one rpc demands of its caller: any of these scopes, and for people-only rpcs a role (or any of
/// <paramref name="AnyRole"/> when several roles may call it).
/// </summary>
public sealed record RpcRequirement(IReadOnlyList<string> AnyScope, string? Role = null, bool PeopleOnly = false, IReadOnlyList<string>? AnyRole = null)
{
    public string? Refusal(CallerPrincipal caller)
    {
        if (PeopleOnly && !caller.IsUser)
        {
            return "Only a person with the right role may call this; agency systems never may.";
        }

        if (Role is { } role && !caller.Roles.Contains(role))
        {
            return $"This needs the {role} role.";
        }

        if (AnyRole is { Count: > 0 } roles && !roles.Any(caller.Roles.Contains))
        {
            return $"This needs the {string.Join(" or ", roles)} role.";
        }

        return AnyScope.Count > 0 && !AnyScope.Any(caller.Scopes.Contains)
            ? $"The access token lacks the scope this needs ({string.Join(" or ", AnyScope)})."
            : null;
    }
}

/// <summary>
/// The authorization table: deny by default. A method missing here is refused with PermissionDenied to every
/// authenticated caller (and Unauthenticated to anyone without a token), so a new rpc is closed until listed.
/// </summary>
public static class RpcPolicies
{
    private const string RecordExchange = "/dataexchange.v1.RecordExchange/";
    private const string AccessAdmin = "/dataexchange.v1.AccessAdmin/";
    private const string AuditLog = "/dataexchange.v1.AuditLog/";
    private const string Reconciliation = "/dataexchange.v1.Reconciliation/";
    private const string ChildDirectory = "/dataexchange.v1.ChildDirectory/";
    private const string ChangeFeed = "/dataexchange.v1.ChangeFeed/";
    private const string Dashboard = "/dataexchange.v1.Dashboard/";
    private const string Account = "/dataexchange.v1.Account/";

    private static readonly RpcRequirement Writes = new([DxIdentity.Scopes.RecordsWrite]);
    private static readonly RpcRequirement Reads = new([DxIdentity.Scopes.RecordsWrite, DxIdentity.Scopes.ChildrenRead]);
    private static readonly RpcRequirement Administration = new([DxIdentity.Scopes.Admin], DxIdentity.Roles.Administrator, PeopleOnly: true);
    private static readonly RpcRequirement Stewarding = new([DxIdentity.Scopes.Reconcile], DxIdentity.Roles.Steward, PeopleOnly: true);
    private static readonly RpcRequirement ChildReads = new([DxIdentity.Scopes.ChildrenRead]);
    private static readonly RpcRequirement Auditing = new([DxIdentity.Scopes.AuditRead], DxIdentity.Roles.Auditor, PeopleOnly: true);

    // Counts only: a steward (reconcile) or an administrator (admin) sees the dashboard; an auditor reads the log only.
    private static readonly RpcRequirement Overview = new([DxIdentity.Scopes.Reconcile, DxIdentity.Scopes.Admin], PeopleOnly: true,
        AnyRole: [DxIdentity.Roles.Steward, DxIdentity.Roles.Administrator]);

    // One's own account: any person, whatever their roles and scopes; never an agency system.
    private static readonly RpcRequirement OwnAccount = new([], PeopleOnly: true);

    /// <summary>Health checks answer anyone (load balancers carry no token); nothing else does.</summary>
    public static bool IsAnonymous(string method) => method.StartsWith("/grpc.health.v1.Health/", StringComparison.Ordinal);

    public static RpcRequirement? For(string method)
    {
        if (method.StartsWith(AccessAdmin, StringComparison.Ordinal))
        {
            return Administration;
        }

        if (method.StartsWith(AuditLog, StringComparison.Ordinal))
        {
            return Auditing;
        }

        // Steward decisions are a person's, with the steward role; the directory and the feed need children.read
        // (what they disclose is then cut down per record by the grants, see GrantDisclosurePolicy).
        if (method.StartsWith(Reconciliation, StringComparison.Ordinal))
        {
            return Stewarding;
        }

        if (method.StartsWith(ChildDirectory, StringComparison.Ordinal) || method.StartsWith(ChangeFeed, StringComparison.Ordinal))
        {
            return ChildReads;
        }

        if (method.StartsWith("/grpc.reflection.", StringComparison.Ordinal))
        {
            return new RpcRequirement([]); // Development only: any authenticated caller may list the services.
        }

        return method switch
        {
            Dashboard + "GetDashboard" => Overview,
            Account + "GetMyAccount" or Account + "ChangePassword" => OwnAccount,
            RecordExchange + "SubmitRecords" or RecordExchange + "UpsertRecord" or RecordExchange + "RetractRecord" => Writes,
            RecordExchange + "GetSourceRecord" or RecordExchange + "VerifyIdentity" => Reads,
            _ => null,
        };
    }
}
