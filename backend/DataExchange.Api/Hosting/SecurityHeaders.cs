using DataExchange.Api.Identity;

namespace DataExchange.Api.Hosting;

/// <summary>
/// The browser-facing headers of every HTTP response the host sends (the login page, the portal's files, errors);
/// gRPC responses are left alone, no browser renders them. HSTS only on requests that arrived over TLS (Kestrel's
/// own, or a proxy's once forwarded headers are configured); over plain HTTP it would mean nothing.
/// See docs/security-headers.md for what the policy allows and why.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// For the portal, an Angular single-page app served from this origin: scripts only from files of this origin
    /// (no inline script, no eval), styles from this origin plus inline styles (Angular Material and the CDK set
    /// element styles at run time), gRPC-Web calls only to this origin, no framing. Forms may post here and be
    /// redirected to the portal's registered redirect URIs (the login form ends at the authorization code callback).
    /// </summary>
    public static string ContentSecurityPolicy(IEnumerable<string> redirectUris)
    {
        var formTargets = redirectUris
            .Select(uri => Uri.TryCreate(uri, UriKind.Absolute, out var parsed) ? parsed.GetLeftPart(UriPartial.Authority) : null)
            .OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase);
        return string.Join("; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "frame-ancestors 'none'",
            "form-action 'self'" + string.Concat(formTargets.Select(origin => " " + origin)));
    }

    public static WebApplication UseDxSecurityHeaders(this WebApplication app)
    {
        var policy = ContentSecurityPolicy(app.Services.GetRequiredService<IdentitySettings>().Portal.RedirectUris);
        app.Use((context, next) =>
        {
            if (context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) != true)
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.ContentSecurityPolicy = policy;
                headers.XFrameOptions = "DENY";
                // The login page's address carries the authorization request (state, PKCE challenge): never sent on.
                headers["Referrer-Policy"] = "no-referrer";
            }

            return next(context);
        });

        // HSTS as configured in HostServices (one year, this host only: subdomains may be other systems). The middleware
        // sends it only over HTTPS and never for localhost, so development on http://localhost is unaffected.
        app.UseHsts();
        return app;
    }
}
