using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace DataExchange.Api.Hosting.Portal;

/// <summary>
/// Serves the built portal at <c>/</c>: its files (compressed, cached by <see cref="PortalCaching"/>) and, for a deep link
/// such as <c>/review</c>, index.html (the SPA fallback). The fallback answers GET and HEAD of extension-less paths only,
/// never the hub's own endpoints (<c>/connect/*</c>, <c>/account/*</c>) nor gRPC paths, and never a missing asset: a
/// stale bundle name must be a 404, not a page of HTML parsed as script. Without a built portal <c>/</c> says so in a line.
/// </summary>
public static class PortalHosting
{
    private static readonly string[] HubPrefixes = ["/connect/", "/account/", "/dataexchange.", "/grpc.", "/health/", "/metrics"];

    public static IServiceCollection AddPortal(this IServiceCollection services) =>
        services.AddResponseCompression(options =>
        {
            // Static bundles only (see UsePortal): they hold no secret, so compressing them over TLS leaks nothing.
            options.EnableForHttps = true;
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
            options.MimeTypes = [.. ResponseCompressionDefaults.MimeTypes, "image/svg+xml"];
        });

    public static WebApplication UsePortal(this WebApplication app)
    {
        var root = PortalFiles.Locate(app.Configuration, app.Environment);
        if (root is null)
        {
            app.Logger.LogInformation("No built portal found (frontend/dist/portal/browser): / answers a line of text.");
            app.MapGet("/", () => Results.Text(
                "DataExchange hub. The portal is not built here: run `dotnet run --project backend/DataExchange.Api` with Node.js " +
                "installed (it builds frontend/), or `npm ci && npm run build` in frontend/. gRPC answers on this host; see README.md.\n"));
            return app;
        }

        app.Logger.LogInformation("Serving the portal from {Root}.", root);
        var files = new PhysicalFileProvider(root);
        app.UseWhen(context => IsPortalAsset(context.Request), branch => branch.UseResponseCompression());
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = context => PortalCaching.Apply(context.Context.Response, context.File.Name),
        });

        app.MapFallback("{*path:nonfile}", async context =>
        {
            if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method) || IsHubPath(context.Request.Path))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            var index = files.GetFileInfo("index.html");
            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.Headers[HeaderNames.CacheControl] = PortalCaching.Revalidate;
            context.Response.ContentLength = index.Length;
            if (HttpMethods.IsGet(context.Request.Method))
            {
                await context.Response.SendFileAsync(index, context.RequestAborted);
            }
        });
        return app;
    }

    private static bool IsHubPath(PathString path) =>
        (path.Value ?? "") is var value && (value is "/connect" or "/account" || HubPrefixes.Any(prefix => value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)));

    private static bool IsPortalAsset(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) && !IsHubPath(request.Path)
        && !(request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) ?? false);
}
