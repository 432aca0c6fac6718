namespace DataExchange.Api.Identity;

/// <summary>
/// The portal client's defaults: the host serves the portal itself, so its own public origin is always a portal origin,
/// with redirect URI <c>{origin}/auth/callback</c> and post-logout URI <c>{origin}/</c>, added to whatever is configured.
/// Nothing needs configuring locally. The own origin is <c>Identity:Issuer</c>'s (the address people use) or, without
/// one, the <c>Portal</c> endpoint's URL when it names a host (a wildcard such as <c>http://+:5080</c> names none).
/// </summary>
public static class PortalDefaults
{
    public const string CallbackPath = "/auth/callback";
    public const string PostLogoutPath = "/";

    public static void Apply(IdentitySettings settings, IConfiguration configuration)
    {
        var own = OwnOrigin(settings.Issuer) ?? OwnOrigin(configuration["Kestrel:Endpoints:Portal:Url"]);
        var portal = settings.Portal;
        if (own is null)
        {
            return;
        }

        Add(portal.Origins, own);
        Add(portal.RedirectUris, own + CallbackPath);
        Add(portal.PostLogoutRedirectUris, own + PostLogoutPath);
    }

    /// <summary>Every origin gRPC-Web CORS allows: the configured one, then the defaults.</summary>
    public static IReadOnlyList<string> AllowedOrigins(PortalClientSettings portal) =>
        [.. new[] { portal.Origin }.OfType<string>().Where(origin => origin.Length > 0).Concat(portal.Origins).Distinct(StringComparer.OrdinalIgnoreCase)];

    private static string? OwnOrigin(string? url) =>
        Uri.TryCreate(url?.Replace("://+", "://wildcard.invalid", StringComparison.Ordinal).Replace("://*", "://wildcard.invalid", StringComparison.Ordinal),
            UriKind.Absolute, out var uri)
        && uri.Scheme is "http" or "https" && uri.Host is not ("wildcard.invalid" or "0.0.0.0" or "[::]")
            ? uri.GetLeftPart(UriPartial.Authority)
            : null;

    private static void Add(List<string> list, string value)
    {
        if (!list.Contains(value, StringComparer.OrdinalIgnoreCase))
        {
            list.Add(value);
        }
    }
}
