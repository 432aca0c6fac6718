namespace DataExchange.Api.Identity;

/// <summary>
/// Where the login page may send a browser back to: a path on this host, written in printable ASCII (the
/// authorization endpoint's own return URLs are always percent-encoded). Anything else goes to the safe default,
/// never to an error: a control character once made the redirect header throw (500), and a tab or backslash is
/// how "/\t/evil.example" becomes "//evil.example" in a browser.
/// </summary>
public static class ReturnUrls
{
    public const string Default = "/";
    public const int MaxLength = 4096;

    public static string SafeOrDefault(string? url)
    {
        if (string.IsNullOrEmpty(url) || url.Length > MaxLength || url[0] != '/')
        {
            return Default;
        }

        if (url.Length > 1 && url[1] is '/' or '\\')
        {
            return Default;
        }

        // Printable ASCII without space or backslash: nothing a browser strips, folds or reads as a separator.
        foreach (var character in url)
        {
            if (character is <= ' ' or > '~' or '\\')
            {
                return Default;
            }
        }

        return url;
    }
}
