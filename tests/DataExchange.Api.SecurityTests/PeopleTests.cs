using DataExchange.Api.SecurityTests.Infrastructure;
using DataExchange.Contracts.V1;
using Grpc.Core;
using Agency = DataExchange.Domain.Agencies.Agency;

namespace DataExchange.Api.SecurityTests;

/// <summary>Roles decide what people may call: administrators administer, auditors read the log, stewards neither.</summary>
public sealed class PeopleTests(SqliteSecurityHub hub) : IClassFixture<SqliteSecurityHub>
{
    private async Task<StatusCode> StatusOf(Func<Task> call)
    {
        try
        {
            await call();
            return StatusCode.OK;
        }
        catch (RpcException exception)
        {
            return exception.StatusCode;
        }
    }

    [Fact]
    public async Task AnAuditorReadsTheLogButCannotAdministerOrReadRecords()
    {
        var userId = await World.CreateUserAsync(hub, "auditor1@security.test", Agency.CivilAffairs, Role.Auditor);
        var invoker = hub.Invoker(hub.UserToken("auditor1@security.test", World.PersonPassword, "openid audit.read admin children.read"));

        Assert.Equal(StatusCode.OK, await StatusOf(() => new AuditLog.AuditLogClient(invoker).VerifyChainAsync(new VerifyChainRequest()).ResponseAsync));
        Assert.Equal(StatusCode.PermissionDenied, await StatusOf(() => new AccessAdmin.AccessAdminClient(invoker).ListGrantsAsync(new ListGrantsRequest()).ResponseAsync));
        Assert.Equal(StatusCode.PermissionDenied, await StatusOf(() => new RecordExchange.RecordExchangeClient(invoker)
            .GetSourceRecordAsync(new GetSourceRecordRequest { SourceId = "x" }).ResponseAsync));
    }

    [Fact]
    public async Task AStewardCannotAdministerNorReadTheAuditLog()
    {
        var userId = await World.CreateUserAsync(hub, "steward1@security.test", Agency.Education, Role.Steward);
        var invoker = hub.Invoker(hub.UserToken("steward1@security.test", World.PersonPassword, "openid admin audit.read children.read reconcile"));

        Assert.Equal(StatusCode.PermissionDenied, await StatusOf(() => new AccessAdmin.AccessAdminClient(invoker).ListAgenciesAsync(new ListAgenciesRequest()).ResponseAsync));
        Assert.Equal(StatusCode.PermissionDenied, await StatusOf(() => new AuditLog.AuditLogClient(invoker).VerifyChainAsync(new VerifyChainRequest()).ResponseAsync));
    }

    [Fact]
    public async Task AnAdministratorCannotReadTheAuditLog()
    {
        var invoker = hub.Invoker(hub.AdminToken());
        Assert.Equal(StatusCode.PermissionDenied, await StatusOf(() => new AuditLog.AuditLogClient(invoker).QueryEntriesAsync(new QueryEntriesRequest()).ResponseAsync));
    }

    [Fact]
    public async Task ADisabledPersonIsRefusedOnTheNextCallWithAnUnexpiredToken()
    {
        var userId = await World.CreateUserAsync(hub, "auditor2@security.test", Agency.Health, Role.Auditor);
        var token = hub.UserToken("auditor2@security.test", World.PersonPassword, "openid audit.read");
        var log = new AuditLog.AuditLogClient(hub.Invoker(token));
        Assert.Equal(StatusCode.OK, await StatusOf(() => log.VerifyChainAsync(new VerifyChainRequest()).ResponseAsync));

        await World.Admin(hub).DisableUserAsync(new DisableUserRequest { UserId = userId });

        Assert.Equal(StatusCode.Unauthenticated, await StatusOf(() => log.VerifyChainAsync(new VerifyChainRequest()).ResponseAsync));
    }

    [Fact]
    public async Task ADisabledClientIsRefusedOnTheNextCallAndARotatedSecretReplacesTheOld()
    {
        var admin = World.Admin(hub);
        var created = await admin.CreateClientAsync(new CreateClientRequest { Agency = Contracts.V1.Agency.Health, ClientId = "health-backup", DisplayName = "Health backup system" });
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = "health-backup", ["client_secret"] = created.ClientSecret };
        var token = (await hub.RequestTokenAsync(form)).GetProperty("access_token").GetString()!;
        var records = new RecordExchange.RecordExchangeClient(hub.Invoker(token));
        Assert.Equal(StatusCode.OK, await StatusOf(() => records.VerifyIdentityAsync(new VerifyIdentityRequest { IdNumber = World.IdNumber(7) }).ResponseAsync));

        var rotated = await admin.RotateClientSecretAsync(new RotateClientSecretRequest { ClientId = "health-backup" });
        await Assert.ThrowsAsync<TokenRefusedException>(() => hub.RequestTokenAsync(form));
        form["client_secret"] = rotated.ClientSecret;
        Assert.NotNull((await hub.RequestTokenAsync(form)).GetProperty("access_token").GetString());

        await admin.DisableClientAsync(new DisableClientRequest { ClientId = "health-backup" });
        Assert.Equal(StatusCode.Unauthenticated, await StatusOf(() => records.VerifyIdentityAsync(new VerifyIdentityRequest { IdNumber = World.IdNumber(7) }).ResponseAsync));
        await Assert.ThrowsAsync<TokenRefusedException>(() => hub.RequestTokenAsync(form));
    }

    [Fact]
    public async Task TheLoginLocksAPersonOutAfterFiveWrongPasswords()
    {
        var userId = await World.CreateUserAsync(hub, "locked@security.test", Agency.Health, Role.Auditor);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await Assert.ThrowsAsync<TokenRefusedException>(() => hub.LogInAsync("locked@security.test", "Wrong-Password-2026!", "openid audit.read"));
        }

        await Assert.ThrowsAsync<TokenRefusedException>(() => hub.LogInAsync("locked@security.test", World.PersonPassword, "openid audit.read"));
    }
}
