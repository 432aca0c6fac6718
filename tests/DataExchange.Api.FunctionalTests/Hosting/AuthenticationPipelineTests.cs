using System.Collections.Concurrent;
using DataExchange.Api.FunctionalTests.Infrastructure;
using DataExchange.Contracts.V1;
using DataExchange.Data.Providers;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Agency = DataExchange.Domain.Agencies.Agency;

namespace DataExchange.Api.FunctionalTests.Hosting;

/// <summary>
/// ASP.NET's authentication middleware runs for the token endpoint, the login pages and every other HTTP request, and
/// not for gRPC calls, which AccessInterceptor authenticates by their bearer token (HostPipeline). If WebApplication
/// put its own UseAuthentication back in front of the pipeline, gRPC calls would pay for it again: this sees it.
/// </summary>
public sealed class AuthenticationPipelineTests(AuthenticationPipelineTests.RecordingHub hub) : IClassFixture<AuthenticationPipelineTests.RecordingHub>
{
    [Fact]
    public async Task TheMiddlewareAuthenticatesHttpRequestsButNotGrpcCalls()
    {
        // The token endpoint is OpenIddict's, served from within the authentication middleware.
        var education = hub.RecordExchangeFor(Agency.Education);
        Assert.True(hub.Authenticated["/connect/token"]);

        using var http = hub.CreateClient();
        (await http.GetAsync("/health/live")).EnsureSuccessStatusCode();
        Assert.True(hub.Authenticated["/health/live"]);

        // An rpc with a token is still authenticated (by the interceptor) and answered.
        var reply = await education.VerifyIdentityAsync(new VerifyIdentityRequest { IdNumber = "511123199901010010" });
        Assert.NotNull(reply);
        Assert.False(hub.Authenticated["/dataexchange.v1.RecordExchange/VerifyIdentity"]);

        using var channel = GrpcChannel.ForAddress(hub.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = hub.Server.CreateHandler() });
        await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest());
        Assert.False(hub.Authenticated["/grpc.health.v1.Health/Check"]);
    }

    /// <summary>The real host, with an outermost middleware noting for each path whether authentication ran.</summary>
    public sealed class RecordingHub() : HubFactory(DatabaseProvider.Sqlite)
    {
        public ConcurrentDictionary<string, bool> Authenticated { get; } = new(StringComparer.Ordinal);

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new Recorder(Authenticated)));
        }

        private sealed class Recorder(ConcurrentDictionary<string, bool> authenticated) : IStartupFilter
        {
            public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
            {
                app.Use(async (context, inner) =>
                {
                    await inner(context);
                    // AuthenticationMiddleware sets this feature on every request it handles.
                    authenticated[context.Request.Path.Value ?? ""] = context.Features.Get<IAuthenticationFeature>() is not null;
                });
                next(app);
            };
        }
    }
}
