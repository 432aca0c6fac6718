using System.Net;
using DataExchange.Api.FunctionalTests.Infrastructure;
using DataExchange.Api.Hosting.Observability;
using DataExchange.Contracts.V1;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.Extensions.Configuration;
using Agency = DataExchange.Domain.Agencies.Agency;

namespace DataExchange.Api.FunctionalTests.Hosting;

/// <summary>What an operator's probes and scraper see: liveness and readiness apart, and the calls in /metrics.</summary>
public sealed class HealthAndMetricsTests(SqliteHubFactory hub) : IClassFixture<SqliteHubFactory>
{
    [Fact]
    public async Task LivenessAndReadinessAnswerOverHttpAndGrpcOnceTheProbeHasRun()
    {
        using var http = hub.CreateClient();
        Assert.Equal((HttpStatusCode.OK, "Healthy\n"), await GetAsync(http, "/health/live"));
        Assert.Equal((HttpStatusCode.OK, "Healthy\n"), await UntilAsync(() => GetAsync(http, "/health/ready"), answer => answer.Status == HttpStatusCode.OK));

        using var channel = GrpcChannel.ForAddress(hub.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = hub.Server.CreateHandler() });
        var health = new Health.HealthClient(channel);
        foreach (var service in new[] { "", "liveness", "readiness" })
        {
            var reply = await health.CheckAsync(new HealthCheckRequest { Service = service });
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, reply.Status);
        }
    }

    [Fact]
    public async Task MetricsShowTheCallsByRpcAndStatusAfterAFewCalls()
    {
        var client = hub.RecordExchangeFor(Agency.Education);
        for (var i = 0; i < 3; i++)
        {
            await client.VerifyIdentityAsync(new VerifyIdentityRequest { IdNumber = "51112319990101001" + i });
        }

        await hub.RecordExchangeFor(Agency.PublicSecurity).SubmitAsync(Records.HouseholdBatch("METRICS", 25), "metrics-batch");

        using var http = hub.CreateClient();
        // The exporter caches a scrape for a moment; a later scrape shows every call made before it.
        var (status, text) = await UntilAsync(() => GetAsync(http, "/metrics"), answer => CallsOf(answer.Body, "VerifyIdentity") >= 3);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(CallsOf(text, "VerifyIdentity") >= 3, text);
        Assert.Contains("dx_rpc_duration_seconds_bucket{", text, StringComparison.Ordinal);
        Assert.Contains("dx_audit_append_duration_seconds_count", text, StringComparison.Ordinal);
        Assert.Contains(text.Split('\n'), line => line.StartsWith("dx_records_ingested_total{", StringComparison.Ordinal)
            && line.Contains("agency=\"public_security\"", StringComparison.Ordinal) && line.Contains("outcome=\"accepted\"", StringComparison.Ordinal)
            && double.Parse(line.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture) >= 25);
        // Rpc names, status codes and agency codes only: never an ID number that a caller sent.
        Assert.DoesNotContain("511123199901010010", text, StringComparison.Ordinal);
    }

    [Fact]
    public void MetricsAreForLoopbackAndTheConfiguredNetworksOnly()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Metrics:AllowedNetworks:0"] = "10.0.5.0/24",
        }).Build();
        var access = MetricsAccess.From(configuration);

        Assert.True(access.Allows(IPAddress.Loopback));
        Assert.True(access.Allows(IPAddress.IPv6Loopback));
        Assert.True(access.Allows(IPAddress.Parse("10.0.5.9")));
        Assert.True(access.Allows(IPAddress.Parse("::ffff:10.0.5.9")));
        Assert.False(access.Allows(IPAddress.Parse("10.0.6.9")));
        Assert.False(access.Allows(IPAddress.Parse("203.0.113.7")));
        var wrong = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Metrics:AllowedNetworks:0"] = "ten-oh" }).Build();
        Assert.Contains("ten-oh", Assert.Throws<InvalidOperationException>(() => MetricsAccess.From(wrong)).Message, StringComparison.Ordinal);
    }

    /// <summary>The value of dx_rpc_calls_total for the rpc ending in <paramref name="method"/> with status OK (0 when absent).</summary>
    private static double CallsOf(string text, string method) => text.Split('\n')
        .Where(line => line.StartsWith("dx_rpc_calls_total{", StringComparison.Ordinal) && line.Contains("/" + method + "\"", StringComparison.Ordinal)
                       && line.Contains("grpc_status=\"OK\"", StringComparison.Ordinal))
        .Select(line => double.Parse(line.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture))
        .Sum();

    private static async Task<(HttpStatusCode Status, string Body)> GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var value = await probe();
            if (done(value) || DateTime.UtcNow > deadline)
            {
                return value;
            }

            await Task.Delay(200);
        }
    }
}
