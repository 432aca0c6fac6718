extern alias host;

using System.Net;
using DataExchange.Data.Providers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using HostServices = host::DataExchange.Api.Hosting.HostServices;
using RecordExchangeService = host::DataExchange.Api.Grpc.RecordExchangeService;
using ChildDirectoryService = host::DataExchange.Api.Grpc.Reconciliation.ChildDirectoryService;

namespace DataExchange.Cli.Bench;

/// <summary>
/// The real host (DataExchange.Api's services and gRPC endpoint) on a free loopback port, in-process,
/// in Development with the explicit x-dx-agency opt-in (Identity:AllowDevelopmentAgencyHeader) identifying the caller.
/// </summary>
public sealed class BenchHost(WebApplication app, Uri address) : IAsyncDisposable
{
    public Uri Address { get; } = address;

    /// <summary>The host's services, for seeding what a bench needs (e.g. a grant) through the host's own stores.</summary>
    public IServiceProvider Services => app.Services;

    /// <param name="backgroundLinking">False times the record path alone: stored versions stay queued for linking.</param>
    public static async Task<BenchHost> StartAsync(DatabaseOptions database, CancellationToken cancellationToken, bool backgroundLinking = true)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Development,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = database.Provider.ToString(),
            ["Database:ConnectionString"] = database.ConnectionString,
            // The test-only opt-in (Development only, default off): callers name their agency in x-dx-agency. The
            // bench measures ingestion, not token issuance; every call is still authorised and audited.
            ["Identity:AllowDevelopmentAgencyHeader"] = "true",
            ["Identity:KeysFolder"] = Path.Combine(Path.GetTempPath(), "dx-bench-keys"),
            ["RateLimits:CallsPerSecond"] = "1000000",
            ["RateLimits:Burst"] = "1000000",
            ["Reconciliation:BackgroundLinking"] = backgroundLinking ? "true" : "false",
        });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        HostServices.AddDataExchange(builder);

        var app = builder.Build();
        await using (var db = await app.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<DataExchange.Data.ExchangeDbContext>>()
            .CreateDbContextAsync(cancellationToken))
        {
            await DatabaseSetup.MigrateAsync(db, database, cancellationToken);
        }

        app.MapGrpcService<RecordExchangeService>();
        app.MapGrpcService<ChildDirectoryService>();
        app.MapGrpcHealthChecksService();
        await app.StartAsync(cancellationToken);
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new BenchHost(app, new Uri(url));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
