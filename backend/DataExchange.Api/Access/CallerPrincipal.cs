using System.Security.Claims;
using DataExchange.Api.Identity;
using DataExchange.Domain.Agencies;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace DataExchange.Api.Access;

/// <summary>Who is calling, read from a validated access token: an agency system (client) or a person (user), always of one agency.</summary>
public sealed record CallerPrincipal(string Kind, string Id, Agency Agency, IReadOnlySet<string> Roles, IReadOnlySet<string> Scopes)
{
    public bool IsClient => Kind == DxIdentity.ClientKind;
    public bool IsUser => Kind == DxIdentity.UserKind;

    /// <summary>The rate-limit partition: one bucket per client or person.</summary>
    public string Key => $"{Kind}:{Id}";

    public static CallerPrincipal? From(ClaimsPrincipal principal)
    {
        var id = principal.GetClaim(Claims.Subject);
        var kind = principal.GetClaim(DxIdentity.KindClaim);
        if (string.IsNullOrEmpty(id) || kind is not (DxIdentity.ClientKind or DxIdentity.UserKind)
            || !AgencyCodes.TryParse(principal.GetClaim(DxIdentity.AgencyClaim), out var agency))
        {
            return null;
        }

        return new CallerPrincipal(kind, id, agency,
            principal.GetClaims(Claims.Role).ToHashSet(StringComparer.Ordinal),
            principal.GetScopes().ToHashSet(StringComparer.Ordinal));
    }
}
