using DataExchange.Api.SecurityTests.Infrastructure;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Health.V1;

namespace DataExchange.Api.SecurityTests;

/// <summary>With the host on its defaults, nothing but health answers a call without a token.</summary>
public sealed class DenyByDefaultTests(SqliteSecurityHub hub) : IClassFixture<SqliteSecurityHub>
{
    [Fact]
    public void TheDescriptorsListEveryServiceOfTheContract()
    {
        var services = Rpcs.All.Select(method => method.Service.Name).Distinct().ToList();
        Assert.Contains("RecordExchange", services);
        Assert.Contains("AccessAdmin", services);
        Assert.Contains("AuditLog", services);
    }

    [Theory]
    [MemberData(nameof(Rpcs.Names), MemberType = typeof(Rpcs))]
    public async Task EveryRpcAnswersUnauthenticatedToACallWithoutAToken(string service, string method)
    {
        var descriptor = Rpcs.Named(service, method);
        var request = (IMessage)Activator.CreateInstance(descriptor.InputType.ClrType)!;

        var (status, response, _, _) = await Rpcs.CallAsync(hub.Invoker(), descriptor, request);

        Assert.Equal(StatusCode.Unauthenticated, status);
        Assert.Null(response);
    }

    [Theory]
    [MemberData(nameof(Rpcs.Names), MemberType = typeof(Rpcs))]
    public async Task EveryRpcAnswersUnauthenticatedToAGarbageToken(string service, string method)
    {
        var descriptor = Rpcs.Named(service, method);
        var request = (IMessage)Activator.CreateInstance(descriptor.InputType.ClrType)!;

        var (status, _, _, _) = await Rpcs.CallAsync(hub.Invoker("not-a-token"), descriptor, request);

        Assert.Equal(StatusCode.Unauthenticated, status);
    }

    [Fact]
    public async Task TheDevelopmentAgencyHeaderIsIgnoredOnTheDefaultHost()
    {
        var invoker = hub.Invoker();
        var client = new Contracts.V1.RecordExchange.RecordExchangeClient(invoker);
        var headers = new Metadata { { "x-dx-agency", "education" } };

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            client.VerifyIdentityAsync(new Contracts.V1.VerifyIdentityRequest { IdNumber = "11010520150307001X" }, headers).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    [Fact]
    public async Task AnUnreadableRequestIsRefusedAndStillAuditedOnce()
    {
        var method = Rpcs.Named("RecordExchange", "GetSourceRecord");
        var before = await hub.AuditCountAsync();

        var (status, response, _, _) = await Rpcs.CallBytesAsync(hub.AgencyInvoker(Domain.Agencies.Agency.Health), method, [0xFF, 0xFF, 0xFF, 0xFF]);

        Assert.NotEqual(StatusCode.OK, status);
        Assert.Null(response);
        Assert.Equal(before + 1, await hub.AuditCountAsync());
        await using var db = await hub.Contexts().CreateDbContextAsync();
        var last = db.AuditEntries.OrderByDescending(entry => entry.Sequence).First();
        Assert.Equal(Rpcs.PathOf(method), last.Rpc);
        Assert.Equal(status.ToString(), last.Outcome);
    }

    [Fact]
    public async Task HealthChecksAnswerWithoutAToken()
    {
        var health = new Health.HealthClient(hub.Invoker());

        var reply = await health.CheckAsync(new HealthCheckRequest());

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, reply.Status);
    }
}
