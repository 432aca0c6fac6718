using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using DataExchange.Contracts.V1;
using DataExchange.Domain.Agencies;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Agency = DataExchange.Domain.Agencies.Agency;

namespace DataExchange.Faults.Tests.Infrastructure;

/// <summary>
/// Several host processes of one hub on one PostgreSQL database: the same signing keys (one folder), issuer and agency
/// clients, each host its own ports and its own application name on the database. Tokens are fetched once per agency
/// from whichever host is up and are accepted by every host, as one hub behind a load balancer must.
/// </summary>
public sealed class Hub : IAsyncDisposable
{
    private readonly ConcurrentDictionary<Agency, string> tokens = new();
    private readonly List<GrpcChannel> channels = [];
    private readonly Dictionary<string, string> extra;
    private readonly HubDatabase? database;
    private readonly bool ownKeys;

    private Hub(HubDatabase? database, Dictionary<string, string> extra, string? keysFolder)
    {
        this.database = database;
        this.extra = extra;
        ownKeys = keysFolder is null;
        KeysFolder = keysFolder ?? Directory.CreateTempSubdirectory("dx-fault-keys-").FullName;
    }

    /// <summary>The PostgreSQL database of the hub (not for a SQLite hub).</summary>
    public HubDatabase Database => database ?? throw new InvalidOperationException("This hub runs on SQLite.");

    /// <summary>Signing keys and salt: a hub restored from another's backup is given the same folder, as an operator restores them.</summary>
    public string KeysFolder { get; }

    public List<HostProcess> Hosts { get; } = [];

    /// <param name="server">A PostgreSQL server's connection string; the hub gets a fresh database on it.</param>
    /// <param name="settings">Configuration every host gets besides the defaults (e.g. Reconciliation:LinkSliceSize).</param>
    public static async Task<Hub> CreateAsync(string server, Dictionary<string, string>? settings = null) =>
        new(await HubDatabase.CreateAsync(server), settings ?? [], null);

    /// <summary>A hub on an existing PostgreSQL database (e.g. one restored from a dump), with the keys of <paramref name="keysFolder"/>.</summary>
    public static Hub Over(HubDatabase database, string keysFolder) => new(database, [], keysFolder);

    /// <summary>A one-host hub on a SQLite file (created when missing).</summary>
    public static Hub OnSqlite(string file, string? keysFolder = null) => new(null, new Dictionary<string, string>
    {
        ["Database__Provider"] = "Sqlite",
        ["Database__ConnectionString"] = $"Data Source={file}",
    }, keysFolder);

    /// <summary>Adds and starts a host; hosts start one after another (the first creates the schema and the keys).</summary>
    public async Task<HostProcess> StartHostAsync(string name)
    {
        var host = new HostProcess(name, SettingsFor(name));
        Hosts.Add(host);
        await host.StartAsync();
        return host;
    }

    public static string ClientIdOf(Agency agency) => "fault-" + agency.ToCode();

    public static string SecretOf(Agency agency) => "fault-test-secret-" + agency.ToCode();

    /// <summary>RecordExchange for the agency's system through <paramref name="host"/>, with the agency's bearer token.</summary>
    public async Task<RecordExchange.RecordExchangeClient> RecordExchangeAsync(HostProcess host, Agency agency) =>
        new(await InvokerAsync(host, agency));

    public async Task<CallInvoker> InvokerAsync(HostProcess host, Agency agency)
    {
        var token = await TokenAsync(agency);
        var channel = host.Channel();
        channels.Add(channel);
        return channel.Intercept(metadata =>
        {
            metadata.Add("authorization", "Bearer " + token);
            return metadata;
        });
    }

    public async Task<string> TokenAsync(Agency agency)
    {
        if (tokens.TryGetValue(agency, out var known))
        {
            return known;
        }

        var host = Hosts.First(h => h.Running);
        using var http = new HttpClient { BaseAddress = new Uri(host.PortalUrl), Timeout = TimeSpan.FromSeconds(30) };
        using var response = await http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = ClientIdOf(agency),
            ["client_secret"] = SecretOf(agency),
        }));
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<TokenResponse>())!.AccessToken;
        return tokens.GetOrAdd(agency, token);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in channels)
        {
            channel.Dispose();
        }

        foreach (var host in Hosts)
        {
            await host.DisposeAsync();
        }

        if (database is not null)
        {
            await database.DisposeAsync();
        }

        try
        {
            if (ownKeys)
            {
                Directory.Delete(KeysFolder, recursive: true);
            }
        }
        catch (IOException)
        {
            // Left to the temp cleaner.
        }
    }

    private Dictionary<string, string> SettingsFor(string name)
    {
        var settings = new Dictionary<string, string>
        {
            // Development: the host generates its signing keys into the shared folder on first start.
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            // Workstation GC: several hosts and the test share two cores.
            ["DOTNET_gcServer"] = "0",
            ["Identity__KeysFolder"] = KeysFolder,
            ["Identity__Issuer"] = "http://dx-fault-hub/",
            ["Identity__Administrator__Password"] = "Fault-tests-administrator-1",
            ["RateLimits__CallsPerSecond"] = "100000",
            ["RateLimits__Burst"] = "100000",
            ["RateLimits__PerAddress__Burst"] = "100000",
            ["RateLimits__PerAddress__Permits"] = "100000",
            ["RateLimits__TokenPerAddress__Burst"] = "1000",
            ["RateLimits__TokenPerClient__Burst"] = "1000",
            ["Reconciliation__RetryPauseMilliseconds"] = "200",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__DataExchange"] = "Information",
        };
        if (database is not null)
        {
            settings["Database__Provider"] = "PostgreSql";
            settings["Database__ConnectionString"] = database.ConnectionFor(name);
        }

        var index = 0;
        foreach (var agency in AgencyCodes.All)
        {
            settings[$"Identity__AgencyClients__{index}__ClientId"] = ClientIdOf(agency);
            settings[$"Identity__AgencyClients__{index}__Agency"] = agency.ToCode();
            settings[$"Identity__AgencyClients__{index}__Secret"] = SecretOf(agency);
            index++;
        }

        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return settings;
    }

    private sealed record TokenResponse([property: JsonPropertyName("access_token")] string AccessToken);
}
