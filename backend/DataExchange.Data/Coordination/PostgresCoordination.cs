using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace DataExchange.Data.Coordination;

/// <summary>
/// Several hosts on one PostgreSQL database, coordinated by advisory locks (no table, no migration): the writer lock is
/// <c>pg_advisory_xact_lock</c> taken inside the unit's own transaction, so it cannot outlive or fall short of the
/// writes it guards; steward decisions, which open transactions of their own, hold the same key on a dedicated session.
/// A killed host's connections drop and PostgreSQL releases whatever it held at once.
/// </summary>
public sealed class PostgresCoordination(string connectionString, ILoggerFactory? loggers = null) : ILinkCoordination, IAsyncDisposable
{
    private readonly PostgresLinkerLease lease = new(connectionString, (loggers ?? NullLoggerFactory.Instance).CreateLogger<PostgresLinkerLease>());

    public bool Shared => true;

    public ILinkerLease Lease => lease;

    public async Task LockTransactionAsync(DbContext db, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("The link writer lock is taken inside the unit's transaction: begin it first.");
        }

        await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({AdvisoryKeys.LinkWriter})", cancellationToken);
    }

    public async Task<IAsyncDisposable> LockSessionAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(DedicatedSession(connectionString));
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand($"SELECT pg_advisory_lock({AdvisoryKeys.LinkWriter})", connection) { CommandTimeout = 0 };
            await command.ExecuteNonQueryAsync(cancellationToken);
            return connection; // Closing an unpooled connection ends the session, and with it the lock.
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => lease.DisposeAsync();

    /// <summary>
    /// A connection that is its own session: never pooled (closing it must end the session and its locks, not hand it,
    /// lock and all, to the next user), with TCP keepalives so a host that vanishes from the network is noticed too.
    /// </summary>
    internal static string DedicatedSession(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, KeepAlive = 5, Timeout = 5, CommandTimeout = 5 }.ConnectionString;
}
