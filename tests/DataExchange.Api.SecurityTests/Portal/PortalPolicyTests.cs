using DataExchange.Api.SecurityTests.Infrastructure;
using DataExchange.Contracts.V1;
using Google.Protobuf;
using Grpc.Core;
using Agency = DataExchange.Domain.Agencies.Agency;

namespace DataExchange.Api.SecurityTests.Portal;

/// <summary>Who may call the portal's rpcs: each one called with an empty request by a steward, an administrator, an auditor and an agency system.</summary>
public sealed class PortalPolicyTests(SqliteSecurityHub hub) : IClassFixture<SqliteSecurityHub>
{
    private static readonly StatusCode Ok = StatusCode.OK;
    private static readonly StatusCode Denied = StatusCode.PermissionDenied;
    private static readonly StatusCode Invalid = StatusCode.InvalidArgument;

    /// <summary>Expected status per caller: steward, administrator, auditor, agency system.</summary>
    public static readonly IReadOnlyDictionary<string, StatusCode[]> Expected = new Dictionary<string, StatusCode[]>
    {
        ["Reconciliation/ListConflicts"] = [Ok, Denied, Denied, Denied],
        ["Reconciliation/ListAlerts"] = [Ok, Denied, Denied, Denied],
        ["Dashboard/GetDashboard"] = [Ok, Ok, Denied, Denied],
        ["Account/GetMyAccount"] = [Ok, Ok, Ok, Denied],
        // An empty request names no password: refused as invalid, but only after the policy let the person through.
        ["Account/ChangePassword"] = [Invalid, Invalid, Invalid, Denied],
        ["AccessAdmin/ListUsers"] = [Denied, Ok, Denied, Denied],
        ["AccessAdmin/ListClients"] = [Denied, Ok, Denied, Denied],
        ["AccessAdmin/EnableUser"] = [Denied, Invalid, Denied, Denied],
        ["AccessAdmin/ResetPassword"] = [Denied, Invalid, Denied, Denied],
        ["AccessAdmin/UnlockUser"] = [Denied, Invalid, Denied, Denied],
    };

    public static IEnumerable<object[]> Cells() =>
        from rpc in Expected.Keys from caller in new[] { 0, 1, 2, 3 } select new object[] { rpc, caller };

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task EachCallerGetsTheExpectedStatusAndOneAuditEntry(string rpc, int caller)
    {
        var (token, principal) = await CallerAsync(caller);
        var method = Rpcs.Named(rpc.Split('/')[0], rpc.Split('/')[1]);
        var before = await hub.AuditCountAsync();

        var (status, response, _, detail) = await Rpcs.CallAsync(hub.Invoker(token), method, (IMessage)Activator.CreateInstance(method.InputType.ClrType)!);

        Assert.True(Expected[rpc][caller] == status, $"{rpc} by caller {caller}: expected {Expected[rpc][caller]}, got {status} ({detail})");
        Assert.Equal(status == Ok, response is not null);
        Assert.Equal(before + 1, await hub.AuditCountAsync());
        var entry = await hub.LastEntryAsync();
        Assert.Equal("/dataexchange.v1." + rpc, entry.Rpc);
        Assert.Equal(status.ToString(), entry.Outcome);
        Assert.Equal(principal, entry.Principal);
    }

    [Fact]
    public async Task EveryPortalRpcIsDecidedHere()
    {
        var portal = new[] { "ListConflicts", "ListAlerts", "GetDashboard", "GetMyAccount", "ChangePassword", "ListUsers", "ListClients", "EnableUser", "ResetPassword", "UnlockUser" };
        var listed = Rpcs.All.Where(method => portal.Contains(method.Name)).Select(method => $"{method.Service.Name}/{method.Name}");
        Assert.Equal(listed.Order(), Expected.Keys.Order());
        await Task.CompletedTask;
    }

    [Fact]
    public async Task AStewardWhoseTokenLacksTheReconcileScopeCannotListConflicts()
    {
        await World.CreateUserAsync(hub, "scope-steward@security.test", Agency.Education, Role.Steward);
        var token = hub.UserToken("scope-steward@security.test", World.PersonPassword, "openid children.read");

        var error = await Assert.ThrowsAsync<RpcException>(() => new Contracts.V1.Reconciliation.ReconciliationClient(hub.Invoker(token))
            .ListConflictsAsync(new ListConflictsRequest()).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }

    private async Task<(string Token, string Principal)> CallerAsync(int caller)
    {
        switch (caller)
        {
            case 0:
                await World.OnceAsync(hub, "policy-steward", () => World.CreateUserAsync(hub, "policy-steward@security.test", Agency.Health, Role.Steward));
                return (hub.UserToken("policy-steward@security.test", World.PersonPassword, "openid children.read reconcile"), await UserId("policy-steward@security.test"));
            case 1:
                return (hub.AdminToken(), await UserId(SecurityHub.AdminEmail));
            case 2:
                await World.OnceAsync(hub, "policy-auditor", () => World.CreateUserAsync(hub, "policy-auditor@security.test", Agency.Health, Role.Auditor));
                return (hub.UserToken("policy-auditor@security.test", World.PersonPassword, "openid audit.read"), await UserId("policy-auditor@security.test"));
            default:
                return (hub.ClientToken(Agency.Education), SecurityHub.ClientIdOf(Agency.Education));
        }
    }

    private async Task<string> UserId(string email)
    {
        await using var db = await hub.Contexts().CreateDbContextAsync();
        return db.Users.Single(user => user.Email == email).Id;
    }
}
