using DataExchange.Api.Auditing;
using DataExchange.Api.Callers;
using DataExchange.Api.Grpc.Errors;
using DataExchange.Api.Grpc.Mapping;
using DataExchange.Contracts.V1;
using DataExchange.Data.Entities;
using DataExchange.Domain.Errors;
using DataExchange.Domain.Records;
using Grpc.Core;
using Microsoft.AspNetCore.Identity;

namespace DataExchange.Api.Grpc;

/// <summary>
/// The signed-in person's own account (any person; agency systems are refused by the access interceptor). The person is
/// always the token's subject, never a field of the request.
/// </summary>
public sealed class AccountService(ICallerContext callers, IServiceProvider services) : Account.AccountBase
{
    public override async Task<GetMyAccountResponse> GetMyAccount(GetMyAccountRequest request, ServerCallContext context)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DxUser>>();
        var user = await MeAsync(users, context);
        var response = new GetMyAccountResponse { UserId = user.Id, Email = user.Email ?? "", Agency = ChildMapping.Agency(user.Agency) };
        response.Roles.AddRange((await users.GetRolesAsync(user)).Select(AccessMapping.ToRole).Order());
        return response;
    }

    public override async Task<ChangePasswordResponse> ChangePassword(ChangePasswordRequest request, ServerCallContext context)
    {
        if (string.IsNullOrEmpty(request.CurrentPassword))
        {
            throw RpcErrors.InvalidArgument("current_password", "is required");
        }

        if (string.IsNullOrEmpty(request.NewPassword) || request.NewPassword == request.CurrentPassword)
        {
            throw RpcErrors.InvalidArgument("new_password", "is required and must differ from the current password");
        }

        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DxUser>>();
        var user = await MeAsync(users, context);
        var audit = CallAudit.Of(context);
        if (!await users.CheckPasswordAsync(user, request.CurrentPassword))
        {
            // A stolen token must not become a way to guess the password: a wrong one counts towards lockout.
            await users.AccessFailedAsync(user);
            audit.Detail = $"user {user.Id} password change refused: wrong current password";
            throw RpcErrors.InvalidArgument("current_password", "is not your current password");
        }

        var changed = await users.ChangePasswordAsync(user, request.CurrentPassword, request.NewPassword);
        if (!changed.Succeeded)
        {
            throw new ValidationException([.. changed.Errors.Select(error => new FieldError("new_password", error.Description))]);
        }

        await users.ResetAccessFailedCountAsync(user);
        audit.Detail = $"user {user.Id} password changed";
        return new ChangePasswordResponse();
    }

    private async Task<DxUser> MeAsync(UserManager<DxUser> users, ServerCallContext context)
    {
        var caller = callers.RequireCaller(context);
        return await users.FindByIdAsync(caller.Id) ?? throw new NotFoundException("The signed-in person no longer exists.");
    }
}
