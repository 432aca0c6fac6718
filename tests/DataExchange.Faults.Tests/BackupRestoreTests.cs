using System.Diagnostics;
using DataExchange.Contracts.V1;
using DataExchange.Data;
using DataExchange.Data.Audit;
using DataExchange.Data.Providers;
using DataExchange.Faults.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Xunit.Abstractions;
using Agency = DataExchange.Domain.Agencies.Agency;

namespace DataExchange.Faults.Tests;

/// <summary>
/// The backups docs/operations.md prescribes, taken from a running host and restored under a new host: the new host
/// serves the same child, and the restored audit chain verifies (with the calls the new host audits appended to it).
/// </summary>
public sealed class BackupRestoreTests(ITestOutputHelper log) : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("dx-fault-backup-").FullName;

    [Fact]
    public async Task AnOnlineSqliteBackupRestoredIntoANewHostServesTheSameChildAndItsAuditChainVerifies()
    {
        var (before, during) = Halves(AgencyBatches.Generate(children: 600, seed: 1204));
        var live = Path.Combine(folder, "live.db");
        var backup = Path.Combine(folder, "backup.db");
        await using var hub = Hub.OnSqlite(live);
        var host = await hub.StartHostAsync("dx-sqlite-live");
        foreach (var (agency, records) in before)
        {
            await (await hub.RecordExchangeAsync(host, agency)).SubmitAsync(records, "before-" + agency);
        }

        await SqliteLinkedAsync(live);
        var childId = await ChildOfFirstRegisterRecordAsync(Sqlite(live), before[Agency.PublicSecurity][0].SourceId);
        var directory = new ChildDirectory.ChildDirectoryClient(await hub.InvokerAsync(host, Agency.PublicSecurity));
        var served = (await directory.GetChildAsync(new GetChildRequest { ChildId = childId })).Child;

        // The backup is taken while the host goes on storing (and linking) other children's records.
        var ingesting = Task.WhenAll(during.Select(async pair =>
            await (await hub.RecordExchangeAsync(host, pair.Key)).SubmitAsync(pair.Value, "during-" + pair.Key, chunk: 50, pause: TimeSpan.FromMilliseconds(20))));
        await using (var connection = new SqliteConnection($"Data Source={live}"))
        {
            await connection.OpenAsync();
            await using var vacuum = new SqliteCommand($"VACUUM INTO '{backup}'", connection);
            await vacuum.ExecuteNonQueryAsync();
        }

        Assert.False(ingesting.IsCompleted, "the ingestion ended before the backup: the backup was not taken under load");
        await ingesting;
        SqliteConnection.ClearAllPools();

        await using var restored = Hub.OnSqlite(backup, hub.KeysFolder);
        var restoredHost = await restored.StartHostAsync("dx-sqlite-restored");
        var again = (await new ChildDirectory.ChildDirectoryClient(await restored.InvokerAsync(restoredHost, Agency.PublicSecurity))
            .GetChildAsync(new GetChildRequest { ChildId = childId })).Child;
        Assert.Equal(served, again);
        var audit = await AuditQueries.VerifyAsync(Sqlite(backup), null, CancellationToken.None);
        log.WriteLine($"restored SQLite backup: {audit.Checked} audit entries verified; head {audit.Head}");
        Assert.False(audit.Failed, audit.Problem);
    }

    [PostgresFact]
    public async Task APostgresDumpRestoredIntoANewDatabaseServesTheSameChildAndItsAuditChainVerifies()
    {
        var (before, _) = Halves(AgencyBatches.Generate(children: 600, seed: 1205));
        await using var hub = await Hub.CreateAsync(Environment.GetEnvironmentVariable(PostgresFactAttribute.Variable)!);
        var host = await hub.StartHostAsync("dx-pg-live");
        foreach (var (agency, records) in before)
        {
            await (await hub.RecordExchangeAsync(host, agency)).SubmitAsync(records, "before-" + agency);
        }

        await hub.Database.LinkedAsync(TimeSpan.FromSeconds(60));
        await using var live = hub.Database.Open();
        var childId = await ChildOfFirstRegisterRecordAsync(live, before[Agency.PublicSecurity][0].SourceId);
        var served = (await new ChildDirectory.ChildDirectoryClient(await hub.InvokerAsync(host, Agency.PublicSecurity))
            .GetChildAsync(new GetChildRequest { ChildId = childId })).Child;

        // pg_dump while the host runs, pg_restore into a new empty database.
        var dump = Path.Combine(folder, "hub.dump");
        await PgToolAsync("pg_dump", "-Fc", "-f", dump, "-d", Libpq(hub.Database.ConnectionString));
        var target = await HubDatabase.CreateAsync(hub.Database.Server);
        await PgToolAsync("pg_restore", "--no-owner", "--exit-on-error", "-d", Libpq(target.ConnectionString), dump);

        await using var restored = Hub.Over(target, hub.KeysFolder);
        var restoredHost = await restored.StartHostAsync("dx-pg-restored");
        var again = (await new ChildDirectory.ChildDirectoryClient(await restored.InvokerAsync(restoredHost, Agency.PublicSecurity))
            .GetChildAsync(new GetChildRequest { ChildId = childId })).Child;
        Assert.Equal(served, again);
        Assert.Equal((await hub.Database.FiguresAsync()).Records, (await target.FiguresAsync()).Records);
        var audit = await target.VerifyAuditAsync();
        log.WriteLine($"restored dump: {audit.Checked} audit entries verified; head {audit.Head}");
        Assert.False(audit.Failed, audit.Problem);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    /// <summary>The records of the first half of the generated people, and of the second half, by agency.</summary>
    private static (Dictionary<Agency, List<ChildRecord>> Before, Dictionary<Agency, List<ChildRecord>> During) Halves(AgencyBatches batches)
    {
        var people = batches.PersonOf.Values.Distinct().Order(StringComparer.Ordinal).ToList();
        var firstHalf = people.Take(people.Count / 2).ToHashSet();
        Dictionary<Agency, List<ChildRecord>> Select(bool first) => batches.ByAgency.ToDictionary(pair => pair.Key,
            pair => pair.Value.Where(record => firstHalf.Contains(batches.PersonOf[(pair.Key, record.SourceId)]) == first).ToList());
        return (Select(true), Select(false));
    }

    private static ExchangeDbContext Sqlite(string file)
    {
        var builder = new DbContextOptionsBuilder<ExchangeDbContext>();
        DatabaseSetup.Configure(builder, new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={file}" });
        return new ExchangeDbContext(builder.Options);
    }

    private static async Task<string> ChildOfFirstRegisterRecordAsync(ExchangeDbContext db, string sourceId)
    {
        await using (db)
        {
            return await db.RecordLinks.Join(db.SourceRecords, l => l.SourceRecordId, r => r.Id, (l, r) => new { r.Agency, r.SourceId, l.ChildId })
                .Where(row => row.Agency == "public_security" && row.SourceId == sourceId)
                .Join(db.Children, row => row.ChildId, child => child.Id, (_, child) => child.PublicId).SingleAsync();
        }
    }

    private static async Task SqliteLinkedAsync(string file)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            await using (var db = Sqlite(file))
            {
                if (!await db.PendingLinks.AnyAsync(timeout.Token))
                {
                    return;
                }
            }

            await Task.Delay(200, timeout.Token);
        }
    }

    /// <summary>A libpq connection URI (pg_dump and pg_restore take no Npgsql connection string).</summary>
    private static string Libpq(string connectionString)
    {
        var npgsql = new NpgsqlConnectionStringBuilder(connectionString);
        return $"postgresql://{npgsql.Username}@{npgsql.Host}:{npgsql.Port}/{npgsql.Database}";
    }

    private static async Task PgToolAsync(string tool, params string[] arguments)
    {
        var bin = PrivatePostgres.Binaries() ?? throw new InvalidOperationException("pg_dump and pg_restore (/usr/lib/postgresql/N/bin) are not installed.");
        var start = new ProcessStartInfo(Path.Combine(bin, tool)) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.Environment["PGPASSWORD"] = "unused";
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{tool} failed ({process.ExitCode}): {await error}");
    }
}
