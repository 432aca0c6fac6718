using DataExchange.Api.Callers;
using DataExchange.Contracts.V1;
using DataExchange.Data.Providers;
using DataExchange.Domain.Agencies;
using Agency = DataExchange.Domain.Agencies.Agency;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DataExchange.Api.FunctionalTests.Infrastructure;

/// <summary>The real host (Program) on a private database, reached through real GrpcChannels.</summary>
public class HubFactory(DatabaseProvider provider) : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly List<GrpcChannel> channels = [];

    public TestDatabase Database { get; } = TestDatabase.Create(provider);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Database:Provider", Database.Options.Provider.ToString());
        builder.UseSetting("Database:ConnectionString", Database.Options.ConnectionString);
    }

    /// <summary>The one place that says how a test speaks as an agency: the identity work swaps this for a token.</summary>
    public CallInvoker CallInvokerFor(Agency agency)
    {
        var channel = GrpcChannel.ForAddress(Server.BaseAddress, new GrpcChannelOptions
        {
            HttpHandler = Server.CreateHandler(),
            MaxReceiveMessageSize = 64 * 1024 * 1024,
        });
        channels.Add(channel);
        return channel.Intercept(metadata =>
        {
            metadata.Add(DevelopmentCallerContext.AgencyHeader, agency.ToCode());
            return metadata;
        });
    }

    public Contracts.V1.RecordExchange.RecordExchangeClient RecordExchangeFor(Agency agency) => new(CallInvokerFor(agency));

    public Task InitializeAsync()
    {
        _ = Server; // Start the host (and migrate) before the first test.
        return Task.CompletedTask;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        foreach (var channel in channels)
        {
            channel.Dispose();
        }

        await base.DisposeAsync();
        await Database.DisposeAsync();
    }
}

public sealed class SqliteHubFactory() : HubFactory(DatabaseProvider.Sqlite);

public sealed class PostgresHubFactory() : HubFactory(DatabaseProvider.PostgreSql);
