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
using HostPipeline = host::DataExchange.Api.Hosting.HostPipeline;
using HostServices = host::DataExchange.Api.Hosting.HostServices;

namespace DataExchange.Cli.Bench;

/// <summary>
/// The real host on a free loopback port, in-process: the same services (HostServices.AddDataExchange), the same
/// preparation and the same pipeline (HostPipeline: security headers, limits, authentication, audit, every service
/// and endpoint) as Program.cs, in Development with the explicit x-dx-agency opt-in
/// (Identity:AllowDevelopmentAgencyHeader) identifying agency callers unless they send a bearer token.
/// </summary>
public sealed class BenchHost(WebApplication app, Uri address) : IAsyncDisposable
{
    public Uri Address { get; } = address;

    /// <summary>The host's services, for seeding what a bench needs (e.g. a grant) through the host's own stores.</summary>
    public IServiceProvider Services => app.Services;

    /// <param name="backgroundLinking">False times the record path alone: stored versions stay queued for linking.</param>
    /// <param name="port">0: any free port.</param>
    /// <param name="settings">More settings (e.g. agency clients), over the bench's own.</param>
    public static async Task<BenchHost> StartAsync(DatabaseOptions database, CancellationToken cancellationToken, bool backgroundLinking = true,
        int port = 0, IReadOnlyDictionary<string, string?>? settings = null)
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
            ["RateLimits:PerAddress:Burst"] = "1000000",
            ["RateLimits:PerAddress:Permits"] = "1000000",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http2));
        HostServices.AddDataExchange(builder);

        var app = builder.Build();
        await HostPipeline.PrepareDataExchangeAsync(app, cancellationToken);
        HostPipeline.UseDataExchange(app);
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
