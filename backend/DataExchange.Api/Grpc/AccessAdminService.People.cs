using System.Globalization;
using DataExchange.Api.Auditing;
using DataExchange.Api.Grpc.Errors;
using DataExchange.Api.Grpc.Mapping;
using DataExchange.Api.Identity;
using DataExchange.Contracts.V1;
using DataExchange.Data.Entities;
using DataExchange.Domain.Agencies;
using DataExchange.Domain.Errors;
using DataExchange.Domain.Paging;
using Grpc.Core;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;

namespace DataExchange.Api.Grpc;

/// <summary>People and agency systems as the administration screens list and repair them (lists, enable, reset, unlock).</summary>
public sealed partial class AccessAdminService
{
    private const int MaxPageSize = 200;

    public override async Task<ListUsersResponse> ListUsers(ListUsersRequest request, ServerCallContext context)
    {
        var window = PageAfter(request.PageToken, request.PageSize, MaxPageSize);
        await using var db = await contexts.CreateDbContextAsync(context.CancellationToken);
        var query = db.Users.AsNoTracking();
        if (request.Agency != Contracts.V1.Agency.Unspecified)
        {
            var code = RequireAgency(request.Agency, "agency").ToCode();
            query = query.Where(user => user.Agency == code);
        }

        if (request.Role != Role.Unspecified)
        {
            var role = request.Role.ToRoleName() ?? throw RpcErrors.InvalidArgument("role", "is not a known role");
            var members = db.UserRoles.Join(db.Roles.Where(r => r.Name == role), link => link.RoleId, r => r.Id, (link, _) => link.UserId);
            query = query.Where(user => members.Contains(user.Id));
        }

        if (!request.IncludeDisabled)
        {
            query = query.Where(user => !user.Disabled);
        }

        var rows = await query.OrderBy(user => user.NormalizedEmail).ThenBy(user => user.Id).Page(window.WithLookAhead).ToListAsync(context.CancellationToken);
        var page = rows.Take(window.Size).ToList();
        var ids = page.Select(user => user.Id).ToList();
        var roles = await db.UserRoles.Where(link => ids.Contains(link.UserId)).Join(db.Roles, link => link.RoleId, r => r.Id, (link, r) => new { link.UserId, r.Name })
            .ToListAsync(context.CancellationToken);
        var throttle = services.GetRequiredService<SignInThrottle>();
        var response = new ListUsersResponse { NextPageToken = window.NextTokenAfter(rows.Count) };
        foreach (var user in page)
        {
            var (failures, throttledUntil) = throttle.StateOf(user.NormalizedEmail ?? "");
            var info = new UserInfo
            {
                UserId = user.Id, Email = user.Email ?? "", Agency = ChildMapping.Agency(user.Agency), Enabled = !user.Disabled,
                LockedOutUntil = throttledUntil is { } until ? AccessMapping.Utc(until.UtcDateTime) : null,
                FailedLogins = failures,
            };
            info.Roles.AddRange(roles.Where(r => r.UserId == user.Id && r.Name is not null).Select(r => AccessMapping.ToRole(r.Name!)).Order());
            response.Users.Add(info);
        }

        return response;
    }

    public override async Task<EnableUserResponse> EnableUser(EnableUserRequest request, ServerCallContext context)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DxUser>>();
        var user = await FindUserAsync(users, request.UserId);
        var unchanged = !user.Disabled;
        user.Disabled = false;
        await users.UpdateAsync(user);
        CallAudit.Of(context).Detail = $"user {user.Id} enabled";
        return new EnableUserResponse { Unchanged = unchanged };
    }

    public override async Task<ResetPasswordResponse> ResetPassword(ResetPasswordRequest request, ServerCallContext context)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DxUser>>();
        var user = await FindUserAsync(users, request.UserId);
        var password = IdentitySeeder.GeneratePassword();
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var reset = await users.ResetPasswordAsync(user, token, password);
        if (!reset.Succeeded)
        {
            throw new InvalidOperationException("A generated password was refused: " + string.Join("; ", reset.Errors.Select(error => error.Code)));
        }

        // Whoever held the old password may hold a session too: no silent renewal with its refresh tokens.
        await scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>().RevokeBySubjectAsync(user.Id, context.CancellationToken);
        CallAudit.Of(context).Detail = $"user {user.Id} password reset";
        return new ResetPasswordResponse { Password = password };
    }

    public override async Task<UnlockUserResponse> UnlockUser(UnlockUserRequest request, ServerCallContext context)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DxUser>>();
        var user = await FindUserAsync(users, request.UserId);
        // Unlock forgets the sign-in throttle's failures for this person from every address (Identity's own lockout is off).
        var throttle = scope.ServiceProvider.GetRequiredService<SignInThrottle>();
        var unchanged = throttle.StateOf(user.NormalizedEmail ?? "").Failures == 0;
        throttle.Reset(user.NormalizedEmail ?? "");
        CallAudit.Of(context).Detail = $"user {user.Id} unlocked";
        return new UnlockUserResponse { Unchanged = unchanged };
    }

    public override async Task<ListClientsResponse> ListClients(ListClientsRequest request, ServerCallContext context)
    {
        var window = PageAfter(request.PageToken, request.PageSize, MaxPageSize);
        await using var db = await contexts.CreateDbContextAsync(context.CancellationToken);
        var query = db.AgencyClients.AsNoTracking();
        if (request.Agency != Contracts.V1.Agency.Unspecified)
        {
            var code = RequireAgency(request.Agency, "agency").ToCode();
            query = query.Where(client => client.Agency == code);
        }

        if (!request.IncludeDisabled)
        {
            query = query.Where(client => !client.Disabled);
        }

        var rows = await query.OrderBy(client => client.ClientId).Page(window.WithLookAhead).ToListAsync(context.CancellationToken);
        var page = rows.Take(window.Size).ToList();
        await using var scope = services.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var response = new ListClientsResponse { NextPageToken = window.NextTokenAfter(rows.Count) };
        foreach (var client in page)
        {
            // The display name lives with the OpenIddict application, the agency binding in agency_clients.
            var application = await applications.FindByClientIdAsync(client.ClientId, context.CancellationToken);
            response.Clients.Add(new ClientInfo
            {
                ClientId = client.ClientId,
                DisplayName = application is null ? "" : await applications.GetDisplayNameAsync(application, context.CancellationToken) ?? "",
                Agency = ChildMapping.Agency(client.Agency),
                Enabled = !client.Disabled,
                CreatedAt = AccessMapping.Utc(client.CreatedAt),
                SecretRotatedAt = client.SecretRotatedAt is { } rotated ? AccessMapping.Utc(rotated) : null,
            });
        }

        return response;
    }

    private static async Task<DxUser> FindUserAsync(UserManager<DxUser> users, string userId) =>
        string.IsNullOrWhiteSpace(userId)
            ? throw RpcErrors.InvalidArgument("user_id", "is required")
            : await users.FindByIdAsync(userId.Trim()) ?? throw new NotFoundException($"There is no user {userId.Trim()}.");

    /// <summary>The rows after an offset page token this server handed out (the token of ListGrants, ListUsers, ListClients).</summary>
    private static PageWindow PageAfter(string pageToken, int pageSize, int maxPageSize)
    {
        var offset = pageToken.Length == 0 ? 0
            : long.TryParse(pageToken, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
                ? parsed : throw RpcErrors.InvalidArgument("page_token", "is not a token this server gave out");
        return PageWindow.After(offset, pageSize, DefaultPageSize, maxPageSize);
    }
}
