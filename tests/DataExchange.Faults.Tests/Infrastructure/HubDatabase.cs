using DataExchange.Data;
using DataExchange.Data.Audit;
using DataExchange.Data.Providers;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DataExchange.Faults.Tests.Infrastructure;

/// <summary>
/// A fresh database on a PostgreSQL server, shared by the host processes of one test, and what the tests read from it
/// directly (never through a host): what is stored, linked and queued, who holds the linker lease, whether the audit chain
/// verifies. Dropped at the end.
/// </summary>
public sealed class HubDatabase : IAsyncDisposable
{
    // The advisory-lock key of the linker lease (DataExchange.Data.Coordination.AdvisoryKeys.LinkerLease).
    private const long LinkerLeaseKey = 0x44584C494E4B02;
    private readonly string server;

    private HubDatabase(string server, string name)
    {
        this.server = server;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name, ApplicationName = "dx-fault-test" }.ConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    /// <summary>The server this database is on (its connection string, without a database).</summary>
    public string Server => server;

    public static async Task<HubDatabase> CreateAsync(string server)
    {
        var database = new HubDatabase(server, "dx_fault_" + Guid.NewGuid().ToString("N")[..12]);
        await database.AdminAsync($"CREATE DATABASE \"{database.Name}\"");
        return database;
    }

    /// <summary>The connection string a host uses: its name shows in pg_stat_activity, which says who holds the lease.</summary>
    public string ConnectionFor(string host) =>
        new NpgsqlConnectionStringBuilder(server) { Database = Name, ApplicationName = host }.ConnectionString;

    public ExchangeDbContext Open()
    {
        var builder = new DbContextOptionsBuilder<ExchangeDbContext>();
        DatabaseSetup.Configure(builder, new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = ConnectionString });
        return new ExchangeDbContext(builder.Options);
    }

    /// <summary>The host (its application name) holding the linker lease now, or null.</summary>
    public async Task<string?> LeaseHolderAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid " +
            "WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) " +
            "AND ((l.classid::bigint << 32) | l.objid::bigint) = @key AND l.objsubid = 1", connection);
        command.Parameters.AddWithValue("key", LinkerLeaseKey);
        return await command.ExecuteScalarAsync() as string;
    }

    /// <summary>Waits until some host holds the lease (other than <paramref name="not"/>) and names it.</summary>
    public async Task<string> LeaseHolderAsync(TimeSpan within, string? not = null)
    {
        using var timeout = new CancellationTokenSource(within);
        while (true)
        {
            if (await PolledAsync(LeaseHolderAsync) is { } holder && holder != not)
            {
                return holder;
            }

            await Task.Delay(100, timeout.Token);
        }
    }

    /// <summary>
    /// One probe of a polling loop. After PostgreSQL restarted, this process's idle pooled connections are dead and the
    /// first command on one fails (end of stream): the probe then counts as "not yet", the pool is emptied and the loop's
    /// own deadline decides, as it does for any other answer that is not the one awaited.
    /// </summary>
    private async Task<T?> PolledAsync<T>(Func<Task<T?>> probe)
    {
        try
        {
            return await probe();
        }
        catch (NpgsqlException)
        {
            NpgsqlConnection.ClearAllPools();
            return default;
        }
    }

    /// <summary>Waits until the link queue is empty: everything stored has been linked.</summary>
    public async Task LinkedAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        while (true)
        {
            var waiting = await PolledAsync<bool?>(async () =>
            {
                await using var db = Open();
                return await db.PendingLinks.AnyAsync(timeout.Token);
            });
            if (waiting == false)
            {
                return;
            }

            await Task.Delay(200, timeout.Token);
        }
    }

    /// <summary>Records stored so far: one cheap query, for polling while a batch streams.</summary>
    public async Task<long> RecordCountAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM source_records", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>What a crash must never leave behind: every figure a test compares against what was sent.</summary>
    public async Task<StoredFigures> FiguresAsync()
    {
        await using var db = Open();
        return new StoredFigures(
            Records: await db.SourceRecords.CountAsync(),
            DistinctRecords: await db.SourceRecords.Select(r => new { r.Agency, r.SourceId }).Distinct().CountAsync(),
            Versions: await db.SourceRecordVersions.CountAsync(),
            DistinctVersions: await db.SourceRecordVersions.Select(v => new { v.SourceRecordId, v.Version }).Distinct().CountAsync(),
            RecordsAtVersionOne: await db.SourceRecords.CountAsync(r => r.Version == 1),
            Links: await db.RecordLinks.CountAsync(),
            LinkedRecords: await db.RecordLinks.Select(l => l.SourceRecordId).Distinct().CountAsync(),
            LinksAtCurrentVersion: await db.RecordLinks.Join(db.SourceRecords, l => l.SourceRecordId, r => r.Id, (l, r) => new { l.RecordVersion, r.Version })
                .CountAsync(pair => pair.RecordVersion == pair.Version),
            Queued: await db.PendingLinks.CountAsync(),
            Children: await db.Children.CountAsync(c => c.Active));
    }

    public async Task<AuditChainVerifier> VerifyAuditAsync()
    {
        await using var db = Open();
        return await AuditQueries.VerifyAsync(db, null, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await AdminAsync($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
        }
        catch (NpgsqlException)
        {
            // The server is gone already (a private one, stopped): nothing to drop.
        }
    }

    private async Task AdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>Counts read straight from the database after a fault.</summary>
public sealed record StoredFigures(
    int Records, int DistinctRecords, int Versions, int DistinctVersions, int RecordsAtVersionOne, int Links, int LinkedRecords,
    int LinksAtCurrentVersion, int Queued, int Children);
