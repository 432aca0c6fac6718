using Microsoft.EntityFrameworkCore;

namespace DataExchange.Data.Coordination;

/// <summary>
/// How the hosts sharing one database take turns at linking. Two things, kept apart on purpose:
/// <list type="bullet">
/// <item>the <b>writer lock</b>: every unit of work that changes links (a linker slice, an inline link after an upsert, a
/// steward decision) holds it, so units from different hosts never interleave and each can tell whether another host
/// wrote since its own last unit (then its in-memory index is behind and catches up first);</item>
/// <item>the <b>linker lease</b>: which one host drains the link queue in the background. It is only about efficiency
/// (one index kept warm instead of every host catching up after every other host's slice); correctness rests on the lock.</item>
/// </list>
/// SQLite is one host by construction (one file) and SQL Server is not supported with several hosts: there the lock is
/// the process's own gate and the lease is always held, exactly as before.
/// </summary>
public interface ILinkCoordination
{
    /// <summary>True where several hosts may share the database (PostgreSQL): units then check for other hosts' writes.</summary>
    bool Shared { get; }

    /// <summary>The lease of the background linker.</summary>
    ILinkerLease Lease { get; }

    /// <summary>
    /// Takes the writer lock for the transaction <paramref name="db"/> has open (released when it commits or rolls back,
    /// or when its connection drops). Waits while another host holds it.
    /// </summary>
    Task LockTransactionAsync(DbContext db, CancellationToken cancellationToken);

    /// <summary>
    /// Takes the writer lock on a connection of its own, for work that opens its own transactions (steward decisions);
    /// disposing releases it. Released too when the process dies (its connection drops).
    /// </summary>
    Task<IAsyncDisposable> LockSessionAsync(CancellationToken cancellationToken);
}

/// <summary>Who runs the background linker: at most one holder among the hosts of a database.</summary>
public interface ILinkerLease
{
    /// <summary>Whether this host held the lease when last asked (for metrics and logs; may be stale by a second).</summary>
    bool Held { get; }

    /// <summary>
    /// Checks that this host still holds the lease (a cheap round trip at most once a second), or tries to take it when
    /// nobody does. False while another host holds it, or while the database cannot be reached.
    /// </summary>
    Task<bool> HoldAsync(CancellationToken cancellationToken);
}
