namespace DataExchange.Api.Hosting.Portal;

/// <summary>
/// Where the built portal (Angular project <c>portal</c>, <c>frontend/dist/portal/browser</c>) is found, first match wins:
/// <c>Portal:Root</c> when configured (relative to the content root); <c>portal/</c> beside the host's assembly (a published
/// folder: the publish step copies the build there); <c>../../frontend/dist/portal/browser</c> from the content root
/// (<c>dotnet run</c> in the project folder, where the build target writes it). A folder counts only with an index.html.
/// </summary>
public static class PortalFiles
{
    public const string Section = "Portal";

    public static string? Locate(IConfiguration configuration, IWebHostEnvironment environment)
    {
        if (configuration[$"{Section}:Root"] is { Length: > 0 } configured)
        {
            // Configured but not built (yet): no portal, said once at start, rather than a silent fall-through elsewhere.
            return WithIndex(Path.GetFullPath(configured, environment.ContentRootPath));
        }

        return WithIndex(Path.Combine(AppContext.BaseDirectory, "portal"))
            ?? WithIndex(Path.GetFullPath(Path.Combine(environment.ContentRootPath, "..", "..", "frontend", "dist", "portal", "browser")));
    }

    private static string? WithIndex(string folder) => File.Exists(Path.Combine(folder, "index.html")) ? folder : null;
}
