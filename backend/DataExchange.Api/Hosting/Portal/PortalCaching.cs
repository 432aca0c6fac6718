using System.Text.RegularExpressions;
using Microsoft.Net.Http.Headers;

namespace DataExchange.Api.Hosting.Portal;

/// <summary>
/// Cache headers for the portal's files: the Angular build names its bundles with a content hash
/// (<c>main-2YBVQ3QB.js</c>, <c>chunk-JXKQ4M6D.js</c>, <c>media/…-HASH.woff2</c>), so those never change and are cached
/// for a year; index.html (which names the current bundles) and unhashed files are revalidated on every load.
/// </summary>
public static partial class PortalCaching
{
    public const string Immutable = "public, max-age=31536000, immutable";
    public const string Revalidate = "no-cache";

    public static bool IsHashed(string fileName) => HashedName().IsMatch(fileName);

    public static void Apply(HttpResponse response, string fileName) =>
        response.Headers[HeaderNames.CacheControl] = IsHashed(fileName) ? Immutable : Revalidate;

    // esbuild's hashes: 8 characters of upper-case letters and digits after the last dash.
    [GeneratedRegex("-[A-Z0-9]{8}\\.[A-Za-z0-9]+$")]
    private static partial Regex HashedName();
}
