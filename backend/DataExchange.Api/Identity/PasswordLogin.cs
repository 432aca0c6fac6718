using System.Security.Cryptography;
using DataExchange.Data.Entities;
using Microsoft.AspNetCore.Identity;

namespace DataExchange.Api.Identity;

/// <summary>What a login attempt came to; <see cref="Wait"/> is set when the attempt was throttled.</summary>
public sealed record LoginOutcome(bool Succeeded, TimeSpan? Wait = null);

/// <summary>
/// Checks an e-mail address and password for the login page. An unknown address, a wrong password and a disabled
/// person get the same answer after the same work (a password hash is verified in every case, against a placeholder
/// hash when there is no account), so neither the message nor the time tells them apart. Failures feed
/// <see cref="SignInThrottle"/>; nothing here locks or disables an account.
/// </summary>
public sealed class PasswordLogin(UserManager<DxUser> users, SignInManager<DxUser> signIn, SignInThrottle throttle)
{
    private static readonly DxUser Placeholder = new() { Agency = "" };
    private static string? placeholderHash;

    public async Task<LoginOutcome> TryAsync(string email, string password, string source)
    {
        var account = users.NormalizeEmail(email.Trim()) ?? "";
        if (throttle.WaitFor(account, source) is { } wait)
        {
            return new LoginOutcome(false, wait);
        }

        var user = account.Length == 0 ? null : await users.FindByEmailAsync(email.Trim());
        var verified = user?.PasswordHash is null
            ? VerifyPlaceholder(password)
            : await users.CheckPasswordAsync(user, password);
        if (user is null || !verified || user.Disabled)
        {
            throttle.Failed(account, source);
            return new LoginOutcome(false);
        }

        throttle.Succeeded(account, source);
        await signIn.SignInAsync(user, isPersistent: false);
        return new LoginOutcome(true);
    }

    /// <summary>The same hashing as a real check, so an unknown address costs what a known one does; always false.</summary>
    private bool VerifyPlaceholder(string password)
    {
        var hash = LazyInitializer.EnsureInitialized(ref placeholderHash,
            () => users.PasswordHasher.HashPassword(Placeholder, Convert.ToBase64String(RandomNumberGenerator.GetBytes(24))));
        users.PasswordHasher.VerifyHashedPassword(Placeholder, hash, password);
        return false;
    }
}
