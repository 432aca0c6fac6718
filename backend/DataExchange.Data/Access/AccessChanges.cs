namespace DataExchange.Data.Access;

/// <summary>
/// A generation number of what access decisions depend on (grants, agency clients, agencies, people and their
/// roles) as written through this process: <see cref="AccessChangeInterceptor"/> bumps it once such a change has
/// committed. Caches of access state (the host's AccessCache) keep an entry only while the generation it was read at
/// is still current, so a change made on this host counts on the very next call. Changes made by another process
/// (another host on the same PostgreSQL database) cannot bump it: those caches also age entries out (see there).
/// </summary>
public sealed class AccessChanges
{
    private long generation;

    /// <summary>The current generation; read it before reading access state, and keep the state only while it holds.</summary>
    public long Generation => Volatile.Read(ref generation);

    /// <summary>Access state changed and committed: every entry read before now is stale.</summary>
    public void Changed() => Interlocked.Increment(ref generation);
}
