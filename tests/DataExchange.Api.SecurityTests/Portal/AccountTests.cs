using DataExchange.Api.SecurityTests.Infrastructure;
using DataExchange.Contracts.V1;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Agency = DataExchange.Domain.Agencies.Agency;

namespace DataExchange.Api.SecurityTests.Portal;

/// <summary>People's accounts: one's own password, an administrator's reset, unlock, enable, and the lists of people and clients.</summary>
public sealed class AccountTests(SqliteSecurityHub hub) : IClassFixture<SqliteSecurityHub>
{
    private const string NewPassword = "Changed-Password-2027!";

    private async Task<string> TokenAsync(string email, string password, string scopes = "openid audit.read") =>
        (await hub.LogInAsync(email, password, scopes)).GetProperty("access_token").GetString()!;

    [Fact]
    public async Task ChangingOnesOwnPasswordNeedsTheCurrentOneAndAWrongOneCountsInTheSignInThrottle()
    {
        var userId = await World.CreateUserAsync(hub, "change@security.test", Agency.Health, Role.Auditor);
        var account = new Account.AccountClient(hub.Invoker(await TokenAsync("change@security.test", World.PersonPassword)));

        var wrong = await Assert.ThrowsAsync<RpcException>(() => account.ChangePasswordAsync(
            new ChangePasswordRequest { CurrentPassword = "Not-The-Password-1!", NewPassword = NewPassword }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, wrong.StatusCode);
        Assert.Contains("current_password", wrong.Status.Detail, StringComparison.Ordinal);
        var refused = await hub.LastEntryAsync();
        Assert.Equal(("/dataexchange.v1.Account/ChangePassword", "InvalidArgument"), (refused.Rpc, refused.Outcome));
        Assert.Equal(1, await FailedLoginsAsync(userId));

        await account.ChangePasswordAsync(new ChangePasswordRequest { CurrentPassword = World.PersonPassword, NewPassword = NewPassword });

        var entry = await hub.LastEntryAsync();
        Assert.Equal(("OK", userId), (entry.Outcome, entry.Principal));
        Assert.DoesNotContain(NewPassword, entry.Detail, StringComparison.Ordinal);
        Assert.Equal(0, await FailedLoginsAsync(userId)); // Read through ListUsers, after the change's own audit entry.
        await Assert.ThrowsAsync<TokenRefusedException>(() => hub.LogInAsync("change@security.test", World.PersonPassword, "openid audit.read"));
        Assert.NotEmpty(await TokenAsync("change@security.test", NewPassword));
    }

    [Fact]
    public async Task ANewPasswordMustMeetThePolicy()
    {
        await World.CreateUserAsync(hub, "weak@security.test", Agency.Health, Role.Auditor);
        var account = new Account.AccountClient(hub.Invoker(await TokenAsync("weak@security.test", World.PersonPassword)));

        var error = await Assert.ThrowsAsync<RpcException>(() => account.ChangePasswordAsync(
            new ChangePasswordRequest { CurrentPassword = World.PersonPassword, NewPassword = "short" }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("new_password", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APersonReadsTheirOwnAccount()
    {
        var userId = await World.CreateUserAsync(hub, "me@security.test", Agency.Education, Role.Steward, Role.Auditor);

        var me = await new Account.AccountClient(hub.Invoker(await TokenAsync("me@security.test", World.PersonPassword))).GetMyAccountAsync(new GetMyAccountRequest());

        Assert.Equal((userId, "me@security.test", Contracts.V1.Agency.Education), (me.UserId, me.Email, me.Agency));
        Assert.Equal([Role.Steward, Role.Auditor], me.Roles.Order());
    }

    [Fact]
    public async Task AnAdministratorsResetGivesANewPasswordOnceAndEndsTheOldSessions()
    {
        var userId = await World.CreateUserAsync(hub, "reset@security.test", Agency.Health, Role.Auditor);
        var session = await hub.LogInAsync("reset@security.test", World.PersonPassword, "openid offline_access audit.read");
        var refreshToken = session.GetProperty("refresh_token").GetString()!;

        var reset = await World.Admin(hub).ResetPasswordAsync(new ResetPasswordRequest { UserId = userId });

        Assert.True(reset.Password.Length >= 12);
        var entry = await hub.LastEntryAsync();
        Assert.Equal("/dataexchange.v1.AccessAdmin/ResetPassword", entry.Rpc);
        Assert.Contains(userId, entry.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(reset.Password, entry.Detail, StringComparison.Ordinal);
        await Assert.ThrowsAsync<TokenRefusedException>(() => hub.RequestTokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["client_id"] = "dx-portal", ["refresh_token"] = refreshToken,
        }));
        await Assert.ThrowsAsync<TokenRefusedException>(() => hub.LogInAsync("reset@security.test", World.PersonPassword, "openid audit.read"));
        Assert.NotEmpty(await TokenAsync("reset@security.test", reset.Password));
    }

    [Fact]
    public async Task AnAdministratorUnlocksAPersonThrottledByFailedLogins()
    {
        var userId = await World.CreateUserAsync(hub, "unlock@security.test", Agency.Health, Role.Auditor);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await Assert.ThrowsAsync<TokenRefusedException>(() => hub.LogInAsync("unlock@security.test", "Wrong-Password-2026!", "openid audit.read"));
        }

        await Assert.ThrowsAsync<TokenRefusedException>(() => hub.LogInAsync("unlock@security.test", World.PersonPassword, "openid audit.read"));
        var listed = await FindAsync(userId);
        Assert.NotNull(listed.LockedOutUntil);

        var unlocked = await World.Admin(hub).UnlockUserAsync(new UnlockUserRequest { UserId = userId });

        Assert.False(unlocked.Unchanged);
        Assert.Null((await FindAsync(userId)).LockedOutUntil);
        Assert.NotEmpty(await TokenAsync("unlock@security.test", World.PersonPassword));
        Assert.True((await World.Admin(hub).UnlockUserAsync(new UnlockUserRequest { UserId = userId })).Unchanged);
    }

    [Fact]
    public async Task TheListOfPeopleShowsRolesAgencyAndStatusPageByPage()
    {
        var steward = await World.CreateUserAsync(hub, "list-a@security.test", Agency.Education, Role.Steward);
        var auditor = await World.CreateUserAsync(hub, "list-b@security.test", Agency.Health, Role.Auditor);
        var disabled = await World.CreateUserAsync(hub, "list-c@security.test", Agency.Health, Role.Steward);
        await World.Admin(hub).DisableUserAsync(new DisableUserRequest { UserId = disabled });

        var everyone = await AllUsersAsync(new ListUsersRequest { IncludeDisabled = true, PageSize = 2 });
        var enabled = await AllUsersAsync(new ListUsersRequest { PageSize = 2 });
        var stewards = await AllUsersAsync(new ListUsersRequest { Role = Role.Steward, IncludeDisabled = true });
        var health = await AllUsersAsync(new ListUsersRequest { Agency = Contracts.V1.Agency.Health, IncludeDisabled = true });

        Assert.Equal(everyone.Select(user => user.UserId).Distinct().Count(), everyone.Count);
        Assert.Equal(everyone.Select(user => user.Email).Order(StringComparer.OrdinalIgnoreCase), everyone.Select(user => user.Email));
        var a = everyone.Single(user => user.UserId == steward);
        Assert.Equal(("list-a@security.test", Contracts.V1.Agency.Education, true), (a.Email, a.Agency, a.Enabled));
        Assert.Equal([Role.Steward], a.Roles);
        Assert.False(everyone.Single(user => user.UserId == disabled).Enabled);
        Assert.DoesNotContain(enabled, user => user.UserId == disabled);
        Assert.Contains(enabled, user => user.UserId == auditor);
        Assert.All(stewards, user => Assert.Contains(Role.Steward, user.Roles));
        Assert.Contains(stewards, user => user.UserId == disabled);
        Assert.All(health, user => Assert.Equal(Contracts.V1.Agency.Health, user.Agency));

        Assert.False((await World.Admin(hub).EnableUserAsync(new EnableUserRequest { UserId = disabled })).Unchanged);
        Assert.Contains(await AllUsersAsync(new ListUsersRequest()), user => user.UserId == disabled);
        Assert.NotEmpty(await TokenAsync("list-c@security.test", World.PersonPassword, "openid reconcile"));
    }

    [Fact]
    public async Task TheListOfClientsShowsEachAgencySystem()
    {
        var admin = World.Admin(hub);
        await admin.CreateClientAsync(new CreateClientRequest { Agency = Contracts.V1.Agency.Health, ClientId = "health-retired", DisplayName = "旧系统" });
        await admin.DisableClientAsync(new DisableClientRequest { ClientId = "health-retired" });

        var clients = (await admin.ListClientsAsync(new ListClientsRequest())).Clients;
        var all = (await admin.ListClientsAsync(new ListClientsRequest { IncludeDisabled = true, Agency = Contracts.V1.Agency.Health })).Clients;

        foreach (var agency in Domain.Agencies.AgencyCodes.All)
        {
            var client = Assert.Single(clients, c => c.ClientId == SecurityHub.ClientIdOf(agency));
            Assert.Equal((Contracts.V1.Agency)(int)agency, client.Agency);
            Assert.True(client.Enabled);
        }

        Assert.DoesNotContain(clients, c => c.ClientId == "health-retired");
        var retired = Assert.Single(all, c => c.ClientId == "health-retired");
        Assert.Equal(("旧系统", false), (retired.DisplayName, retired.Enabled));
        Assert.All(all, c => Assert.Equal(Contracts.V1.Agency.Health, c.Agency));
        Assert.Equal(all.Select(c => c.ClientId).Order(StringComparer.Ordinal), all.Select(c => c.ClientId));
    }

    [Fact]
    public async Task APersonCreatedWithoutAPasswordGetsAGeneratedOneShownOnce()
    {
        var created = await World.Admin(hub).CreateUserAsync(new CreateUserRequest
        {
            Email = "new-steward@security.test", Agency = Contracts.V1.Agency.CivilAffairs, Roles = { Role.Steward },
        });

        Assert.True(created.Password.Length >= 12);
        Assert.DoesNotContain(created.Password, (await hub.LastEntryAsync()).Detail, StringComparison.Ordinal);
        Assert.NotEmpty(await TokenAsync("new-steward@security.test", created.Password, "openid children.read reconcile"));
    }

    [Fact]
    public async Task ResetAndUnlockNameAnExistingPerson()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => World.Admin(hub).ResetPasswordAsync(new ResetPasswordRequest { UserId = "nobody" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    private async Task<List<UserInfo>> AllUsersAsync(ListUsersRequest request)
    {
        var users = new List<UserInfo>();
        do
        {
            var page = await World.Admin(hub).ListUsersAsync(request);
            users.AddRange(page.Users);
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);
        return users;
    }

    private async Task<UserInfo> FindAsync(string userId) =>
        (await AllUsersAsync(new ListUsersRequest { IncludeDisabled = true, PageSize = 200 })).Single(user => user.UserId == userId);

    private async Task<int> FailedLoginsAsync(string userId) => (await FindAsync(userId)).FailedLogins;
}

/// <summary>The first administrator's generated password is changed from the portal, as a newcomer does on a fresh hub.</summary>
public sealed class GeneratedAdministratorTests(GeneratedAdministratorHub hub) : IClassFixture<GeneratedAdministratorHub>
{
    [Fact]
    public async Task TheFirstAdministratorChangesTheGeneratedPasswordAndCreatesASteward()
    {
        var lines = await File.ReadAllLinesAsync(hub.GeneratedPasswordFile);
        var (email, generated) = (lines[0], lines[1]);
        var token = (await hub.LogInAsync(email, generated, "openid admin")).GetProperty("access_token").GetString()!;

        await new Account.AccountClient(hub.Invoker(token)).ChangePasswordAsync(new ChangePasswordRequest { CurrentPassword = generated, NewPassword = "First-Admin-Changed-2027!" });
        var fresh = (await hub.LogInAsync(email, "First-Admin-Changed-2027!", "openid admin")).GetProperty("access_token").GetString()!;
        var steward = await new AccessAdmin.AccessAdminClient(hub.Invoker(fresh)).CreateUserAsync(new CreateUserRequest
        {
            Email = "first-steward@security.test", Agency = Contracts.V1.Agency.Education, Roles = { Role.Steward },
        });

        await Assert.ThrowsAsync<TokenRefusedException>(() => hub.LogInAsync(email, generated, "openid admin"));
        Assert.NotEmpty((await hub.LogInAsync("first-steward@security.test", steward.Password, "openid reconcile")).GetProperty("access_token").GetString()!);
    }
}
