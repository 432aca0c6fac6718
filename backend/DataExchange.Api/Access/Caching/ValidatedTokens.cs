using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using OpenIddict.Abstractions;

namespace DataExchange.Api.Access.Caching;

/// <summary>
/// Bearer access tokens this host has validated, kept until they expire, so a caller's next call with the same token
/// is not validated again (signature, issuer, audience, lifetime: about a tenth of a GetChild's CPU). How it stays
/// correct: an access token is a signed JWT checked without any database state (no token entry validation), so
/// validating the same string again can only change its answer when it expires, and the entry ends at the token's own
/// expiry. Everything that can change meanwhile (a disabled client, person or agency, a removed role, a revoked grant)
/// is not in the token and is checked on every call after it (PrincipalStatus, GrantEvaluator). Only tokens that
/// validated are kept; a token without an expiry is never kept. Removing a signing key takes a restart (see
/// docs/identity.md), which empties this cache. The caller read from the token's claims is kept with it: it is a
/// function of those claims alone (PrincipalStatus narrows its roles on every call).
/// </summary>
public sealed class ValidatedTokens(TimeProvider clock)
{
    /// <summary>Past this many tokens the cache starts afresh (tokens live 15 minutes; callers renew them).</summary>
    public const int MaxTokens = 20_000;

    /// <summary>A validated token's principal and the caller its claims name (null: they name none).</summary>
    public sealed record Validated(ClaimsPrincipal Principal, CallerPrincipal? Caller);

    private sealed record Entry(Validated Validated, DateTimeOffset ExpiresAt);

    private readonly ConcurrentDictionary<string, Entry> tokens = new(StringComparer.Ordinal);

    /// <summary>What a token validated before and not yet expired validated to; null: validate it.</summary>
    public Validated? Find(string authorization)
    {
        if (!tokens.TryGetValue(authorization, out var entry))
        {
            return null;
        }

        if (clock.GetUtcNow() < entry.ExpiresAt)
        {
            return entry.Validated;
        }

        tokens.TryRemove(new KeyValuePair<string, Entry>(authorization, entry));
        return null;
    }

    /// <summary>Keeps a successful validation until the token expires.</summary>
    public void Remember(string authorization, AuthenticateResult result)
    {
        if (!result.Succeeded || (result.Properties?.ExpiresUtc ?? result.Principal.GetExpirationDate()) is not { } expires
            || expires <= clock.GetUtcNow())
        {
            return;
        }

        if (tokens.Count >= MaxTokens)
        {
            tokens.Clear();
        }

        tokens[authorization] = new Entry(new Validated(result.Principal, CallerPrincipal.From(result.Principal)), expires);
    }
}
