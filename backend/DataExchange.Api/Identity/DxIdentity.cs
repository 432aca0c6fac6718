namespace DataExchange.Api.Identity;

/// <summary>The names tokens, roles and scopes use; the one place they are spelled.</summary>
public static class DxIdentity
{
    /// <summary>Claim: the agency code the principal acts for.</summary>
    public const string AgencyClaim = "dx_agency";

    /// <summary>Claim: <c>client</c> (an agency system) or <c>user</c> (a person).</summary>
    public const string KindClaim = "dx_kind";

    public const string ClientKind = "client";
    public const string UserKind = "user";

    public static class Scopes
    {
        public const string RecordsWrite = "records.write";
        public const string ChildrenRead = "children.read";
        public const string Reconcile = "reconcile";
        public const string Admin = "admin";
        public const string AuditRead = "audit.read";

        public static IReadOnlyList<string> All { get; } = [RecordsWrite, ChildrenRead, Reconcile, Admin, AuditRead];

        /// <summary>What an agency system may ask for: never admin, reconcile or audit.</summary>
        public static IReadOnlyList<string> AgencyClient { get; } = [RecordsWrite, ChildrenRead];
    }

    public static class Roles
    {
        public const string Steward = "steward";
        public const string Administrator = "administrator";
        public const string Auditor = "auditor";

        public static IReadOnlyList<string> All { get; } = [Steward, Administrator, Auditor];
    }

    /// <summary>The scopes a person's roles let the portal obtain for them.</summary>
    public static IEnumerable<string> ScopesForRoles(IEnumerable<string> roles)
    {
        foreach (var role in roles)
        {
            switch (role)
            {
                case Roles.Steward:
                    yield return Scopes.ChildrenRead;
                    yield return Scopes.Reconcile;
                    break;
                case Roles.Administrator:
                    yield return Scopes.Admin;
                    break;
                case Roles.Auditor:
                    yield return Scopes.AuditRead;
                    break;
            }
        }
    }
}
