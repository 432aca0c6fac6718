using DataExchange.Api.Access;
using DataExchange.Api.Grpc;
using DataExchange.Api.Auditing;
using DataExchange.Api.Grpc.Reconciliation;
using DataExchange.Api.Hosting;
using DataExchange.Api.Hosting.Demo;
using DataExchange.Api.Hosting.Portal;
using DataExchange.Api.Identity;
using DataExchange.Data;
using DataExchange.Data.Providers;
using DataExchange.Reconciliation.Children;
using Microsoft.EntityFrameworkCore;

var builder = WebApplication.CreateBuilder(args);
var demo = DemoSettings.From(builder.Configuration);
if (demo.Refusal(builder.Environment) is { } refusal)
{
    // A clear line and a failing exit code, before anything is set up; never a stack trace.
    await Console.Error.WriteLineAsync(refusal);
    return 1;
}

builder.AddDataExchange();

var app = builder.Build();

if (app.Configuration.GetValue("Database:MigrateAtStartup", true))
{
    // The embedded default needs no setup: the SQLite file is created and migrated here.
    await using var db = await app.Services.GetRequiredService<IDbContextFactory<ExchangeDbContext>>().CreateDbContextAsync();
    await DatabaseSetup.MigrateAsync(db, app.Services.GetRequiredService<DatabaseOptions>(), CancellationToken.None);
}

// Children stored before child_holdings existed get their rows, so their own agencies' searches and feeds find them.
await ChildHoldingsBackfill.RunAsync(app.Services.GetRequiredService<IDbContextFactory<ExchangeDbContext>>(), CancellationToken.None);

// Agencies, roles, scopes, clients and the first administrator: idempotent, every start.
await app.Services.GetRequiredService<IdentitySeeder>().SeedAsync(CancellationToken.None);

// Development only (refused above otherwise): an empty hub gets generated children and demo accounts.
if (demo.Seed)
{
    await ActivatorUtilities.CreateInstance<DemoSeed>(app.Services, demo).RunAsync(Console.Out, CancellationToken.None);
}

// Browser-facing headers (CSP, nosniff, HSTS over TLS) on every response that is not gRPC.
app.UseDxSecurityHeaders();

// A form or body the framework cannot read is a 400, never a 500.
app.UseUnreadableRequestsAsBadRequest();

// CORS only for the configured portal origin (none when unset); then OpenIddict's endpoints and the login cookie.
app.UseCors();
// Per remote address (and the token endpoint per client) before any token, secret or password is examined.
app.UseDxEdgeRateLimiting();
app.UseAuthentication();

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
app.MapGrpcHealthChecksService();
if (app.Environment.IsDevelopment())
{
    app.MapGrpcReflectionService();
}


await app.RunAsync();
return 0;

/// <summary>Visible to the functional tests' WebApplicationFactory.</summary>
public partial class Program;
