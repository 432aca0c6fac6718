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
    public async Task ARoleRemovedByAccessAdminIsRefusedOnTheVeryNextCallWhileTheRolesKeptStillWork()
    {
        var userId = await World.CreateUserAsync(hub, "twohats@security.test", Agency.Education, Role.Steward, Role.Auditor);
        var invoker = hub.Invoker(hub.UserToken("twohats@security.test", World.PersonPassword, "openid reconcile children.read audit.read"));
        var reconciliation = new Contracts.V1.Reconciliation.ReconciliationClient(invoker);
        var log = new AuditLog.AuditLogClient(invoker);
        Assert.Equal(StatusCode.OK, await StatusOf(() => reconciliation.ListReviewCandidatesAsync(new ListReviewCandidatesRequest()).ResponseAsync));

        await World.Admin(hub).SetUserRolesAsync(new SetUserRolesRequest { UserId = userId, Roles = { Role.Auditor } });

        var refused = await Assert.ThrowsAsync<RpcException>(() => reconciliation.ListReviewCandidatesAsync(new ListReviewCandidatesRequest()).ResponseAsync);
        Assert.Equal((StatusCode.PermissionDenied, "This needs the steward role."), (refused.StatusCode, refused.Status.Detail));
        Assert.Equal(StatusCode.OK, await StatusOf(() => log.VerifyChainAsync(new VerifyChainRequest()).ResponseAsync));

        // Given back, it counts on the next call too (the token still carries it).
        await World.Admin(hub).SetUserRolesAsync(new SetUserRolesRequest { UserId = userId, Roles = { Role.Auditor, Role.Steward } });
        Assert.Equal(StatusCode.OK, await StatusOf(() => reconciliation.ListReviewCandidatesAsync(new ListReviewCandidatesRequest()).ResponseAsync));
    }
}
