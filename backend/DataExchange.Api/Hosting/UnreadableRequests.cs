using Microsoft.AspNetCore.Antiforgery;

namespace DataExchange.Api.Hosting;

/// <summary>
/// A browser request the framework cannot read (a form value with a NUL, a malformed body, an unreadable antiforgery
/// field) is the caller's mistake: 400 with a plain sentence, not a 500. Once, "%00" in any field of the login form
/// made the antiforgery check throw. gRPC calls never get here: their failures are statuses, not exceptions.
/// </summary>
public static class UnreadableRequests
{
    public static WebApplication UseUnreadableRequestsAsBadRequest(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (Exception exception) when (IsUnreadable(exception) && !context.Response.HasStarted)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync("The request could not be read.", context.RequestAborted);
            }
        });
        return app;
    }

    private static bool IsUnreadable(Exception exception) => exception switch
    {
        AntiforgeryValidationException or BadHttpRequestException or InvalidDataException => true,
        { InnerException: { } inner } => IsUnreadable(inner),
        _ => false,
    };
}
