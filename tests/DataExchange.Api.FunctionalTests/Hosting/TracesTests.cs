using System.Collections.Concurrent;
using System.Text;
using DataExchange.Api.FunctionalTests.Infrastructure;
using DataExchange.Contracts.V1;
using DataExchange.Data.Providers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Agency = DataExchange.Domain.Agencies.Agency;

namespace DataExchange.Api.FunctionalTests.Hosting;

/// <summary>
/// What an operator's collector receives when OpenTelemetry:Otlp:Endpoint is set: a span per call naming the rpc, and
/// nothing a caller typed (no query string, no request content), health probes left out.
/// </summary>
public sealed class TracesTests(TracesTests.CollectorHub hub) : IClassFixture<TracesTests.CollectorHub>
{
    private const string IdNumber = "511123199901010029";

    [Fact]
    public async Task CallsArriveAtTheCollectorAsSpansNamingTheRpcWithoutWhatTheCallerSent()
    {
        using (var http = hub.CreateClient())
        {
            await http.GetAsync("/health/ready");
            await http.GetAsync("/account/login?login_hint=" + IdNumber);
        }

        var client = hub.RecordExchangeFor(Agency.Education);
        for (var i = 0; i < 3; i++)
        {
            await client.VerifyIdentityAsync(new VerifyIdentityRequest { IdNumber = IdNumber });
        }

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!hub.Received.Any(body => body.Contains("VerifyIdentity", StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        var all = string.Join("\n", hub.Received);
        Assert.Contains("dataexchange.v1.RecordExchange/VerifyIdentity", all, StringComparison.Ordinal);
        Assert.Contains("/account/login", all, StringComparison.Ordinal);
        Assert.Contains("dataexchange-hub", all, StringComparison.Ordinal); // the service name the spans carry
        Assert.DoesNotContain(IdNumber, all, StringComparison.Ordinal);
        Assert.DoesNotContain("login_hint", all, StringComparison.Ordinal);
        Assert.DoesNotContain("/health/", all, StringComparison.Ordinal);
    }

    /// <summary>The hub with its traces pointed at a small OTLP/HTTP collector on a loopback port that keeps each export.</summary>
    public sealed class CollectorHub : HubFactory
    {
        private readonly WebApplication collector;

        public CollectorHub() : base(DatabaseProvider.Sqlite) => collector = StartCollector(Received);

        /// <summary>Each export's body as text (OTLP protobuf keeps strings as UTF-8, so names and values read as they are).</summary>
        public ConcurrentQueue<string> Received { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            var address = collector.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
            builder.UseSetting("OpenTelemetry:Otlp:Endpoint", address);
            builder.UseSetting("OpenTelemetry:Otlp:Protocol", "http/protobuf");
            builder.UseSetting("OTEL_BSP_SCHEDULE_DELAY", "200"); // export every 200 ms rather than 5 s
        }

        private static WebApplication StartCollector(ConcurrentQueue<string> received)
        {
            // Its content root away from the test's folder, which holds the hub's appsettings.json (and its Kestrel endpoints).
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = Path.GetTempPath() });
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            app.MapPost("/v1/traces", async (HttpRequest request) =>
            {
                using var body = new MemoryStream();
                await request.Body.CopyToAsync(body);
                received.Enqueue(Encoding.UTF8.GetString(body.ToArray()));
                return Results.Ok();
            });
            app.MapPost("/v1/metrics", () => Results.Ok());
            app.StartAsync().GetAwaiter().GetResult();
            return app;
        }

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            await collector.DisposeAsync();
        }
    }
}
