using Microsoft.EntityFrameworkCore;

namespace DataExchange.Data.Coordination;

/// <summary>
/// One host per database (SQLite, SQL Server): the Reconciler's in-process gate is the whole writer lock and the
/// background linker always runs, as it always has.
/// </summary>
public sealed class SingleHostCoordination : ILinkCoordination, ILinkerLease, IAsyncDisposable
{
    public bool Shared => false;

    public ILinkerLease Lease => this;

    public bool Held => true;

    public Task<bool> HoldAsync(CancellationToken cancellationToken) => Task.FromResult(true);

    public Task LockTransactionAsync(DbContext db, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<IAsyncDisposable> LockSessionAsync(CancellationToken cancellationToken) => Task.FromResult<IAsyncDisposable>(this);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
