using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using DataExchange.Contracts.V1;
using DataExchange.Data.Providers;
using DataExchange.Domain.Agencies;
using Agency = DataExchange.Domain.Agencies.Agency;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using DataExchange.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DataExchange.Api.FunctionalTests.Infrastructure;

/// <summary>The real host (Program) on a private database, reached through real GrpcChannels.</summary>
public partial class HubFactory(DatabaseProvider provider) : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly List<GrpcChannel> channels = [];
    private readonly ConcurrentDictionary<Agency, string> tokens = new();
    private readonly string keysFolder = Path.Combine(Path.GetTempPath(), "dx-tests", "keys-" + Guid.NewGuid().ToString("N"));

    public TestDatabase Database { get; } = TestDatabase.Create(provider);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Database:Provider", Database.Options.Provider.ToString());
        builder.UseSetting("Database:ConnectionString", Database.Options.ConnectionString);

        // One confidential client per agency, as an agency system would have; tokens come from the host's own token endpoint.
        builder.UseSetting("Identity:KeysFolder", keysFolder);
        // A seeded administrator and the portal's redirect, so that tests can also speak as a person (see People).
        builder.UseSetting("Identity:Portal:RedirectUris:0", People.PortalRedirect);
        builder.UseSetting("Identity:Administrator:Email", People.AdminEmail);
        builder.UseSetting("Identity:Administrator:Password", People.AdminPassword);
        builder.UseSetting("RateLimits:CallsPerSecond", "100000");
        builder.UseSetting("RateLimits:Burst", "100000");
        // A record the linker cannot read is retried after a pause; tests need not wait seconds for it.
        builder.UseSetting("Reconciliation:RetryPauseMilliseconds", "50");
        var index = 0;
        foreach (var agency in AgencyCodes.All)
        {
            builder.UseSetting($"Identity:AgencyClients:{index}:ClientId", ClientIdOf(agency));
            builder.UseSetting($"Identity:AgencyClients:{index}:Agency", agency.ToCode());
            builder.UseSetting($"Identity:AgencyClients:{index}:Secret", SecretOf(agency));
            index++;
        }
    }

    public static string ClientIdOf(Agency agency) => "functional-" + agency.ToCode();

    public static string SecretOf(Agency agency) => "functional-test-secret-" + agency.ToCode();

    /// <summary>A client-credentials access token for the agency's system, fetched once per agency.</summary>
    public string TokenFor(Agency agency) => tokens.GetOrAdd(agency, key =>
    {
        using var http = Server.CreateClient();
        using var response = http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = ClientIdOf(key),
            ["client_secret"] = SecretOf(key),
        })).GetAwaiter().GetResult();
        response.EnsureSuccessStatusCode();
        return response.Content.ReadFromJsonAsync<TokenResponse>().GetAwaiter().GetResult()!.AccessToken;
    });

    private sealed record TokenResponse([property: JsonPropertyName("access_token")] string AccessToken);

    /// <summary>The one place that says how a test speaks as an agency: with its system's bearer access token.</summary>
    public CallInvoker CallInvokerFor(Agency agency)
    {
        var channel = GrpcChannel.ForAddress(Server.BaseAddress, new GrpcChannelOptions
        {
            HttpHandler = Server.CreateHandler(),
            MaxReceiveMessageSize = 64 * 1024 * 1024,
        });
        channels.Add(channel);
        var token = TokenFor(agency);
        return channel.Intercept(metadata =>
        {
            metadata.Add("authorization", "Bearer " + token);
            return metadata;
        });
    }

    public Contracts.V1.RecordExchange.RecordExchangeClient RecordExchangeFor(Agency agency) => new(CallInvokerFor(agency));

    /// <summary>
    /// Waits until the host's background linker has consumed the link queue (but for entries it set aside): what was submitted is linked and
    /// readable as children. Polls the database, so it proves the worker's work, not a call made on its behalf.
    /// </summary>
    public async Task LinkedAsync()
    {
        var contexts = Services.GetRequiredService<IDbContextFactory<ExchangeDbContext>>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            await using (var db = await contexts.CreateDbContextAsync(timeout.Token))
            {
                // Entries set aside after repeated failures wait for an operator, not for this.
                if (!await db.PendingLinks.AnyAsync(entry => entry.Attempts < DataExchange.Reconciliation.Reconciler.MaxLinkAttempts, timeout.Token))
                {
                    return;
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), timeout.Token);
        }
    }

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
        try
        {
            Directory.Delete(keysFolder, recursive: true);
        }
        catch (IOException)
        {
            // Left to the temp cleaner.
        }
    }
}

public sealed class SqliteHubFactory() : HubFactory(DatabaseProvider.Sqlite);

public sealed class PostgresHubFactory() : HubFactory(DatabaseProvider.PostgreSql);
