namespace DataExchange.Api.Identity;

/// <summary>The <c>Identity</c> configuration section: the authorization server, its keys, and the clients and administrator seeded at start.</summary>
public sealed class IdentitySettings
{
    public const string Section = "Identity";

    /// <summary>The issuer this host's server uses (and validation expects); unset: the request's own base address.</summary>
    public string? Issuer { get; set; }

    /// <summary>
    /// Set to another host's issuer to run this host as a resource server only: no token endpoint here, tokens
    /// validated against that server's published keys (OpenID Connect discovery). Unset: the server runs in this host.
    /// </summary>
    public string? Authority { get; set; }

    /// <summary>The audience (resource) every access token for the hub's gRPC API carries.</summary>
    public string Audience { get; set; } = "dataexchange-api";

    /// <summary>Where generated development keys and the child-key salt are kept; created on first start.</summary>
    public string KeysFolder { get; set; } = "data/keys";

    /// <summary>Production: PKCS#12 file with the token signing certificate (RSA).</summary>
    public string? SigningCertificatePath { get; set; }
    public string? SigningCertificatePassword { get; set; }

    /// <summary>Production: PKCS#12 file with the certificate that encrypts codes and refresh tokens.</summary>
    public string? EncryptionCertificatePath { get; set; }
    public string? EncryptionCertificatePassword { get; set; }

    /// <summary>Allows generated keys outside Development (e.g. a test host); never set it in production.</summary>
    public bool AllowGeneratedKeys { get; set; }

    public int AccessTokenMinutes { get; set; } = 15;

    /// <summary>
    /// Test-only opt-in (default off, honoured only in Development): a call without any Authorization header may
    /// name its agency in the <c>x-dx-agency</c> header. Exists for older functional tests; never enable on a real host.
    /// </summary>
    public bool AllowDevelopmentAgencyHeader { get; set; }

    public PortalClientSettings Portal { get; set; } = new();

    /// <summary>Agency systems to register at start when missing (an existing client's secret is never overwritten).</summary>
    public List<AgencyClientSettings> AgencyClients { get; set; } = [];

    /// <summary>The first administrator, created at start when no administrator exists.</summary>
    public AdministratorSettings Administrator { get; set; } = new();
}

/// <summary>The portal: a public client using the authorization code flow with PKCE (S256).</summary>
public sealed class PortalClientSettings
{
    public string ClientId { get; set; } = "dx-portal";

    /// <summary>Exact redirect URIs (compared character by character).</summary>
    public List<string> RedirectUris { get; set; } = [];
    public List<string> PostLogoutRedirectUris { get; set; } = [];

    /// <summary>
    /// A further portal origin gRPC-Web CORS allows (Development: <c>ng serve</c> on http://localhost:4200). The host's own
    /// origin is allowed without it (PortalDefaults).
    /// </summary>
    public string? Origin { get; set; }

    /// <summary>Origins added by PortalDefaults (the host's own); CORS allows these and <see cref="Origin"/>, no others.</summary>
    public List<string> Origins { get; set; } = [];
}

/// <summary>One agency system seeded from configuration.</summary>
public sealed class AgencyClientSettings
{
    public string ClientId { get; set; } = "";

    /// <summary>The agency code (e.g. <c>education</c>).</summary>
    public string Agency { get; set; } = "";

    /// <summary>The client secret; keep it in a secret store (environment, user secrets), never in appsettings.json.</summary>
    public string Secret { get; set; } = "";
    public string? DisplayName { get; set; }
}

/// <summary>The first administrator.</summary>
public sealed class AdministratorSettings
{
    public string Email { get; set; } = "admin@dataexchange.local";
    public string Agency { get; set; } = "civil_affairs";

    /// <summary>Unset: a random password is generated and written once to <c>{KeysFolder}/initial-administrator.txt</c>.</summary>
    public string? Password { get; set; }
}
