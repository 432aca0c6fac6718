using DataExchange.Data.Providers;
using DataExchange.Data.Tests.Bulk;
using Npgsql;

namespace DataExchange.Data.Tests.Providers;

/// <summary>
/// The hub's PostgreSQL connection defaults (PostgresConnection): auto-prepare, a bounded pool and no reset of a pooled
/// connection handed back, each only when the operator's string does not say otherwise; and what no reset still guarantees.
/// Alone in its collection, run with no other test beside it: both tests depend on a pooled session surviving from one
/// open to the next, and other test classes' scratch databases clear every Npgsql pool when they are disposed
/// (ScratchDatabase), which once handed the second open a new session in a CI run.
/// </summary>
[Collection(nameof(PooledSessionCollection))]
public sealed class PostgresConnectionTests
{
    [Fact]
    public void TheHubsDefaultsApplyWhenTheConnectionStringSaysNothing()
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgresConnection.WithDefaults("Host=db;Database=hub;Username=dx"));

        Assert.Equal(PostgresConnection.MaxAutoPrepare, builder.MaxAutoPrepare);
        Assert.True(builder.NoResetOnClose);
        Assert.Equal(PostgresConnection.MaxPoolSize, builder.MaxPoolSize);
        Assert.Equal("hub", builder.Database);
    }

    [Theory]
    [InlineData("Host=db;No Reset On Close=false;Max Auto Prepare=0;Maximum Pool Size=100")]
    [InlineData("Host=db;NoResetOnClose=false;MaxAutoPrepare=0;MaxPoolSize=100")]
    public void TheOperatorsOwnSettingsWin(string given)
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgresConnection.WithDefaults(given));

        Assert.False(builder.NoResetOnClose);
        Assert.Equal(0, builder.MaxAutoPrepare);
        Assert.Equal(100, builder.MaxPoolSize);
    }

    [PostgresFact]
    public async Task AConnectionHandedBackInsideATransactionComesBackOutOfIt()
    {
        // One connection in the pool, so the second open is the same PostgreSQL session as the first.
        var server = Environment.GetEnvironmentVariable(ScratchDatabase.PostgresVariable)!;
        var pooled = new NpgsqlConnectionStringBuilder(PostgresConnection.WithDefaults(server)) { MaxPoolSize = 1, ApplicationName = "dx-reset-test-" + Guid.NewGuid().ToString("N")[..8] };
        const long key = 0x6478_7465_7374; // "dxtest": an advisory key no hub code uses.
        int firstSession;
        await using (var connection = new NpgsqlConnection(pooled.ConnectionString))
        {
            await connection.OpenAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await using var locking = new NpgsqlCommand($"SELECT pg_backend_pid() FROM (SELECT pg_advisory_xact_lock({key})) AS locked", connection, transaction);
            firstSession = (int)(await locking.ExecuteScalarAsync())!;
            // Handed back to the pool without a commit or a rollback.
        }

        await using (var connection = new NpgsqlConnection(pooled.ConnectionString))
        {
            await connection.OpenAsync();
            await using var session = new NpgsqlCommand("SELECT pg_backend_pid()", connection);
            Assert.Equal(firstSession, (int)(await session.ExecuteScalarAsync())!);
        }

        // The session is idle in the pool again; had its transaction stayed open, it would still hold the lock. It went
        // with the rollback: another session takes it at once.
        await using var other = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Pooling = false }.ConnectionString);
        await other.OpenAsync();
        await using var probe = new NpgsqlCommand($"SELECT pg_try_advisory_xact_lock({key})", other);
        Assert.True((bool)(await probe.ExecuteScalarAsync())!);
    }

    [PostgresFact]
    public async Task SessionStateOutlivesItsUserOnAPooledConnectionSoTheHubTakesSessionLocksOnDedicatedOnes()
    {
        // What no reset gives up, and why PostgresCoordination.DedicatedSession exists: a session-level lock taken on a
        // pooled connection stays with the session handed back to the pool (the reset would have released it).
        var server = Environment.GetEnvironmentVariable(ScratchDatabase.PostgresVariable)!;
        var pooled = new NpgsqlConnectionStringBuilder(PostgresConnection.WithDefaults(server)) { MaxPoolSize = 1, ApplicationName = "dx-reset-test-" + Guid.NewGuid().ToString("N")[..8] };
        const long key = 0x6478_7465_7375;
        await using (var connection = new NpgsqlConnection(pooled.ConnectionString))
        {
            await connection.OpenAsync();
            await using var locking = new NpgsqlCommand($"SELECT pg_advisory_lock({key})", connection);
            await locking.ExecuteNonQueryAsync();
        }

        await using var other = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Pooling = false }.ConnectionString);
        await other.OpenAsync();
        await using var probe = new NpgsqlCommand($"SELECT pg_try_advisory_lock({key})", other);
        Assert.False((bool)(await probe.ExecuteScalarAsync())!);

        await using (var connection = new NpgsqlConnection(pooled.ConnectionString))
        {
            await connection.OpenAsync();
            await using var unlocking = new NpgsqlCommand($"SELECT pg_advisory_unlock({key})", connection);
            Assert.True((bool)(await unlocking.ExecuteScalarAsync())!);
        }
    }
}

/// <summary>Tests that watch one pooled PostgreSQL session: never run in parallel with anything else.</summary>
[CollectionDefinition(nameof(PooledSessionCollection), DisableParallelization = true)]
public sealed class PooledSessionCollection;
