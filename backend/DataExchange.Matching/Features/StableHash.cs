namespace DataExchange.Matching.Features;

/// <summary>FNV-1a over UTF-16 code units: stable across processes, unlike string.GetHashCode, so keys can be stored.</summary>
public static class StableHash
{
    public static ulong Of(ReadOnlySpan<char> value, ulong seed = 14695981039346656037UL)
    {
        var hash = seed;
        foreach (var character in value)
        {
            hash = (hash ^ character) * 1099511628211UL;
        }

        return hash;
    }

    public static ulong Mix(ulong hash, ulong value) => (hash ^ value) * 1099511628211UL + (value >> 7);
}
