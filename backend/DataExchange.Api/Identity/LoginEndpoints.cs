using DataExchange.Data.Entities;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;

namespace DataExchange.Api.Identity;

/// <summary>
/// A minimal login page for the authorization endpoint (the portal redirects here). Form posts are protected by
/// antiforgery tokens; failures count towards lockout; only local return URLs are followed.
/// </summary>
public static class LoginEndpoints
{
    public static void MapDxLogin(this WebApplication app)
    {
        app.MapGet("/account/login", (HttpContext context, IAntiforgery antiforgery, string? returnUrl) =>
            Page(context, antiforgery, returnUrl, error: null));

        app.MapPost("/account/login", async (HttpContext context, IAntiforgery antiforgery, SignInManager<DxUser> signIn, UserManager<DxUser> users) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Results.BadRequest();
            }

            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            var returnUrl = form["returnUrl"].ToString();
            var user = await users.FindByEmailAsync(form["email"].ToString());
            if (user is null || user.Disabled)
            {
                return Page(context, antiforgery, returnUrl, "Wrong e-mail or password.");
            }

            var result = await signIn.PasswordSignInAsync(user, form["password"].ToString(), isPersistent: false, lockoutOnFailure: true);
            if (result.IsLockedOut)
            {
                return Page(context, antiforgery, returnUrl, "Too many failed attempts: the account is locked for a while.");
            }

            if (!result.Succeeded)
            {
                return Page(context, antiforgery, returnUrl, "Wrong e-mail or password.");
            }

            return Results.LocalRedirect(IsLocal(returnUrl) ? returnUrl : "/");
        });
    }

    private static bool IsLocal(string url) =>
        url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal);

    // Rendering (and its language) is LoginPage's.
    private static IResult Page(HttpContext context, IAntiforgery antiforgery, string? returnUrl, string? error) =>
        LoginPage.Render(context, antiforgery, returnUrl, error);
}
