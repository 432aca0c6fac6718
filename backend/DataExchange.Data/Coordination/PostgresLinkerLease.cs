using Microsoft.Extensions.Logging;
using Npgsql;

namespace DataExchange.Data.Coordination;

/// <summary>
/// The background linker's lease on PostgreSQL: a session-level <c>pg_try_advisory_lock</c> held on a connection of its
/// own for as long as the host lives. When the holder dies its connection drops, PostgreSQL releases the lock, and the
/// next host to ask (every host not holding asks at most once a second) takes it over. A holder that loses its
/// connection (database restarted, network) stops linking at its next check and asks again like anyone else.
/// </summary>
internal sealed partial class PostgresLinkerLease(string connectionString, ILogger<PostgresLinkerLease> logger) : ILinkerLease, IAsyncDisposable
{
    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);
    private readonly SemaphoreSlim turn = new(1, 1);
    private NpgsqlConnection? session;
    private DateTime lastAsked = DateTime.MinValue;
    private volatile bool held;

    public bool Held => held;

    public async Task<bool> HoldAsync(CancellationToken cancellationToken)
    {
        await turn.WaitAsync(cancellationToken);
        try
        {
            if (DateTime.UtcNow - lastAsked < CheckInterval)
            {
                return held;
            }

            lastAsked = DateTime.UtcNow;
            try
            {
                session ??= await OpenAsync(cancellationToken);
                await using var command = held
                    ? new NpgsqlCommand("SELECT true", session)
                    : new NpgsqlCommand($"SELECT pg_try_advisory_lock({AdvisoryKeys.LinkerLease})", session);
                var now = (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
                if (now && !held)
                {
                    LogTaken();
                }

                held = now;
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                // The session is gone, and with it the lock if we held it: drop it and ask again next time.
                if (held)
                {
                    LogLost(exception.Message);
                }

                held = false;
                await DropAsync();
            }

            return held;
        }
        finally
        {
            turn.Release();
        }
    }

    public async ValueTask DisposeAsync() => await DropAsync();

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(PostgresCoordination.DedicatedSession(connectionString));
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private async Task DropAsync()
    {
        if (session is { } open)
        {
            session = null;
            held = false;
            await open.DisposeAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "This host now holds the linker lease: it runs the background linker")]
    private partial void LogTaken();

    [LoggerMessage(Level = LogLevel.Warning, Message = "This host lost the linker lease ({Reason}); it stops linking until it holds it again")]
    private partial void LogLost(string reason);
}
