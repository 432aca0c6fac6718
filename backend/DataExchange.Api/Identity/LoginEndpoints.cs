using DataExchange.Api.Access;
using DataExchange.Data.Entities;
using Microsoft.AspNetCore.Antiforgery;

namespace DataExchange.Api.Identity;

/// <summary>
/// A minimal login page for the authorization endpoint (the portal redirects here). Form posts are protected by
/// antiforgery tokens; wrong passwords are throttled per account and address (<see cref="PasswordLogin"/>), never a
/// lockout; only local return URLs are followed.
/// </summary>
public static class LoginEndpoints
{
    public static void MapDxLogin(this WebApplication app)
    {
        app.MapGet("/account/login", (HttpContext context, IAntiforgery antiforgery, string? returnUrl) =>
            Page(context, antiforgery, ReturnUrls.SafeOrDefault(returnUrl), error: null));

        app.MapPost("/account/login", async (HttpContext context, IAntiforgery antiforgery, PasswordLogin login) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Results.BadRequest();
            }

            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            var returnUrl = ReturnUrls.SafeOrDefault(form["returnUrl"].ToString());
            var outcome = await login.TryAsync(form["email"].ToString(), form["password"].ToString(), RemoteAddress.Of(context));
            if (outcome.Wait is { } wait)
            {
                return Page(context, antiforgery, returnUrl,
                    $"Too many failed attempts for this e-mail address from here: try again in {Math.Ceiling(wait.TotalSeconds):0} s.");
            }

            if (!outcome.Succeeded)
            {
                return Page(context, antiforgery, returnUrl, "Wrong e-mail or password.");
            }

            return Results.LocalRedirect(returnUrl);
        });
    }

    // Rendering (and its language) is LoginPage's.
    private static IResult Page(HttpContext context, IAntiforgery antiforgery, string? returnUrl, string? error) =>
        LoginPage.Render(context, antiforgery, returnUrl, error);
}
