using System.Collections.Immutable;
using System.Security.Claims;
using DataExchange.Data.Entities;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace DataExchange.Api.Identity;

/// <summary>Builds the principals the server turns into tokens: the agency always comes from the database, never from the request.</summary>
public static class PrincipalFactory
{
    public static ClaimsPrincipal ForClient(string clientId, string agency, IEnumerable<string> scopes, string audience)
    {
        var identity = NewIdentity();
        identity.SetClaim(Claims.Subject, clientId)
            .SetClaim(DxIdentity.AgencyClaim, agency)
            .SetClaim(DxIdentity.KindClaim, DxIdentity.ClientKind);
        return Finish(identity, scopes, audience);
    }

    public static ClaimsPrincipal ForUser(DxUser user, IEnumerable<string> roles, IEnumerable<string> requestedScopes, string audience)
    {
        var roleList = roles.ToList();
        var allowed = DxIdentity.ScopesForRoles(roleList).ToHashSet(StringComparer.Ordinal);
        allowed.Add(Scopes.OpenId);
        allowed.Add(Scopes.OfflineAccess);

        var identity = NewIdentity();
        identity.SetClaim(Claims.Subject, user.Id)
            .SetClaim(DxIdentity.AgencyClaim, user.Agency)
            .SetClaim(DxIdentity.KindClaim, DxIdentity.UserKind)
            .SetClaims(Claims.Role, [.. roleList]);
        return Finish(identity, requestedScopes.Where(allowed.Contains), audience);
    }

    private static ClaimsIdentity NewIdentity() =>
        new(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);

    private static ClaimsPrincipal Finish(ClaimsIdentity identity, IEnumerable<string> scopes, string audience)
    {
        identity.SetScopes(scopes.Distinct(StringComparer.Ordinal).ToImmutableArray());
        identity.SetResources(audience);

        // Every claim goes into access tokens; the ID token carries only who and which agency.
        identity.SetDestinations(claim => claim.Type is Claims.Subject or DxIdentity.AgencyClaim
            ? [Destinations.AccessToken, Destinations.IdentityToken]
            : [Destinations.AccessToken]);
        return new ClaimsPrincipal(identity);
    }
}
