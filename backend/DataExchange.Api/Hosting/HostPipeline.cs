using DataExchange.Api.Access;
using DataExchange.Api.Auditing;
using DataExchange.Api.Grpc;
using DataExchange.Api.Grpc.Reconciliation;
using DataExchange.Api.Hosting.Health;
using DataExchange.Api.Hosting.Observability;
using DataExchange.Api.Hosting.Portal;
using DataExchange.Api.Identity;
using DataExchange.Data;
using DataExchange.Data.Providers;
using DataExchange.Reconciliation.Children;
using Grpc.AspNetCore.Server;
using Microsoft.EntityFrameworkCore;

namespace DataExchange.Api.Hosting;

/// <summary>
/// What runs between building the host and serving: Program.cs and dx bench's in-process host both call these, so a
/// benchmark measures exactly the pipeline a hub runs (authentication, limits, audit and all).
/// </summary>
public static class HostPipeline
{
    /// <summary>Migrates the database (unless Database:MigrateAtStartup is false) and seeds identity, idempotently.</summary>
    public static async Task PrepareDataExchangeAsync(this WebApplication app, CancellationToken cancellationToken)
    {
        if (app.Configuration.GetValue("Database:MigrateAtStartup", true))
        {
            // The embedded default needs no setup: the SQLite file is created and migrated here.
            await using var db = await app.Services.GetRequiredService<IDbContextFactory<ExchangeDbContext>>().CreateDbContextAsync(cancellationToken);
            await DatabaseSetup.MigrateAsync(db, app.Services.GetRequiredService<DatabaseOptions>(), cancellationToken);
        }

        // Children stored before child_holdings existed get their rows, so their own agencies' searches and feeds find them.
        await ChildHoldingsBackfill.RunAsync(app.Services.GetRequiredService<IDbContextFactory<ExchangeDbContext>>(), cancellationToken);

        // Agencies, roles, scopes, clients and the first administrator: idempotent, every start.
        await app.Services.GetRequiredService<IdentitySeeder>().SeedAsync(cancellationToken);
    }

    /// <summary>The middleware and every endpoint, in order.</summary>
    public static WebApplication UseDataExchange(this WebApplication app)
    {
        // Browser-facing headers (CSP, nosniff, HSTS over TLS) on every response that is not gRPC.
        app.UseDxSecurityHeaders();

        // A form or body the framework cannot read is a 400, never a 500.
        app.UseUnreadableRequestsAsBadRequest();

        // The Prometheus scrape, for loopback and the configured networks only (see MetricsAccess).
        app.UseDxMetricsEndpoint();

        // CORS only for the configured portal origin (none when unset); then OpenIddict's endpoints and the login cookie.
        app.UseCors();
        // Per remote address (and the token endpoint per client) before any token, secret or password is examined.
        app.UseDxEdgeRateLimiting();
        // Not for gRPC calls (native or gRPC-Web): AccessInterceptor authenticates each one itself, by its bearer token
        // and never a cookie, and sets the caller. For them the middleware only asked OpenIddict's server whether the
        // call was one of its endpoints and read the login cookie nothing reads: 8-10% of the host's CPU under 64
        // GetChild callers. A gRPC call is known by its endpoint (routing has run: WebApplication routes first), not
        // by a content type a form post to the token endpoint could also claim.
        app.UseWhen(context => !IsGrpcCall(context), branch => branch.UseAuthentication());
        // UseAuthentication marks only the branch's copy of the builder's properties; unmarked, WebApplication would
        // add its own UseAuthentication in front of the whole pipeline (before the limits, for every call) at Build.
        // AuthenticationPipelineTests fails if that happens.
        ((IApplicationBuilder)app).Properties[AuthenticationMiddlewareSetKey] = true;

        // One audit entry even for calls refused before any interceptor runs (unreadable message, unknown method).
        app.UseAuditOfUnreadableCalls();

        // gRPC-Web for the portal (browsers cannot speak native gRPC); native gRPC is unaffected.
        app.UseGrpcWeb(new GrpcWebOptions { DefaultEnabled = true });

        // The built portal at / (files, then index.html for deep links); a line of text when it is not built.
        app.UsePortal();

        app.MapGrpcService<RecordExchangeService>();
        app.MapGrpcService<ChildDirectoryService>();
        app.MapGrpcService<ReconciliationService>();
        app.MapGrpcService<ChangeFeedService>();
        app.MapGrpcService<AccessAdminService>();
        app.MapGrpcService<AuditLogService>();
        app.MapGrpcService<DashboardService>();
        app.MapGrpcService<AccountService>();
        app.MapDxAuthorization();
        app.MapDxLogin();
        // Liveness and readiness from the background probe's last result: grpc.health.v1 and GET /health/live, /health/ready.
        app.MapGrpcHealthChecksService();
        app.MapDxHealth();
        if (app.Environment.IsDevelopment())
        {
            app.MapGrpcReflectionService();
        }

        return app;
    }

    /// <summary>The key under which UseAuthentication marks a pipeline (AuthAppBuilderExtensions), read by WebApplication.</summary>
    private const string AuthenticationMiddlewareSetKey = "__AuthenticationMiddlewareSet";

    private static bool IsGrpcCall(HttpContext context) => context.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>() is not null;
}
