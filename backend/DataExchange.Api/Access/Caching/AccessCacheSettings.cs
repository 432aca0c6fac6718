namespace DataExchange.Api.Access.Caching;

/// <summary>
/// Access:CacheSeconds: how long a caller's status and a grantee's live grants may be served from memory when
/// nothing changed them through this host. It bounds how late a change made through ANOTHER host on the same
/// database counts here (a change through this host counts on the next call whatever the setting). 0: no cache,
/// every call reads the database.
/// </summary>
public sealed class AccessCacheSettings
{
    public const string Section = "Access";

    public double CacheSeconds { get; set; } = 1;

    public TimeSpan MaxAge => TimeSpan.FromSeconds(Math.Max(0, CacheSeconds));
}
