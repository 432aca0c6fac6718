using System.Collections.Concurrent;
using DataExchange.Data.Access;

namespace DataExchange.Api.Access.Caching;

/// <summary>
/// Access state read on every call (a caller's status and roles, a grantee's live grants), kept in memory so that a
/// call does not read it again from the database. How it stays correct:
/// <list type="bullet">
/// <item>A change written through this host (a revoked or new grant, a disabled client, person or agency, a role
/// removed) bumps <see cref="AccessChanges"/> once it has committed; an entry read at an older generation is never
/// used again, so the change counts on the next call here.</item>
/// <item>A change written by another host on the same database cannot bump this host's generation: every entry is
/// read again once it is older than <see cref="AccessCacheSettings.MaxAge"/>, so the change counts here within that
/// bound (default 1 s; 0 switches the cache off).</item>
/// <item>Only successful reads are kept: a read that fails fails the call (closed), and the next call reads again.</item>
/// </list>
/// Concurrent calls that miss the same key share one read. The entry's age counts from when its read started.
/// </summary>
public sealed class AccessStateCache<TKey, TValue>(AccessChanges changes, TimeProvider clock, AccessCacheSettings settings)
    where TKey : notnull
{
    private sealed record Entry(Task<TValue> Read, long Generation, long StartedAt);

    // One entry per caller (clients and people) and per grantee and purpose: bounded by who is registered.
    private readonly ConcurrentDictionary<TKey, Entry> entries = new();

    // A shared read does not follow any one call's cancellation; each call still stops waiting at its own deadline.
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The state for the key: from memory while fresh, else read with <paramref name="read"/>.</summary>
    public async ValueTask<TValue> GetAsync(TKey key, Func<TKey, CancellationToken, Task<TValue>> read, CancellationToken cancellationToken)
    {
        if (settings.MaxAge <= TimeSpan.Zero)
        {
            return await read(key, cancellationToken);
        }

        var generation = changes.Generation;
        var now = clock.GetTimestamp();
        if (entries.TryGetValue(key, out var entry) && IsFresh(entry, generation, now))
        {
            return await entry.Read.WaitAsync(cancellationToken);
        }

        // The read is shared by every call that misses meanwhile, so it must not end with the first caller's token.
        var fresh = new Entry(ReadShared(key, read), generation, now);
        if (entry is null ? !entries.TryAdd(key, fresh) : !entries.TryUpdate(key, fresh, entry))
        {
            // Another call replaced the entry first: use its read when it is fresh, else read on our own.
            return entries.TryGetValue(key, out var other) && IsFresh(other, generation, now)
                ? await other.Read.WaitAsync(cancellationToken)
                : await fresh.Read.WaitAsync(cancellationToken);
        }

        return await fresh.Read.WaitAsync(cancellationToken);
    }

    private static async Task<TValue> ReadShared(TKey key, Func<TKey, CancellationToken, Task<TValue>> read)
    {
        // A faulted read is never fresh (IsFresh): the calls sharing it fail (closed), and the next call reads again.
        using var timeout = new CancellationTokenSource(ReadTimeout);
        return await read(key, timeout.Token);
    }

    private bool IsFresh(Entry entry, long generation, long now) =>
        entry.Generation == generation
        && clock.GetElapsedTime(entry.StartedAt, now) < settings.MaxAge
        && !entry.Read.IsFaulted && !entry.Read.IsCanceled;
}
