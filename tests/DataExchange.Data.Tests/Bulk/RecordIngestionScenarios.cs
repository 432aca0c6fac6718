using System.Globalization;
using DataExchange.Data.Providers;
using DataExchange.Data.Records;
using DataExchange.Data.Writing;
using DataExchange.Domain.Agencies;
using DataExchange.Domain.Identifiers;
using DataExchange.Domain.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DataExchange.Data.Tests.Bulk;

/// <summary>
/// The record path's bulk inserts (binary COPY on PostgreSQL, sqlite3 statements on SQLite) keep its guarantees: a
/// resent or overlapping batch stores each record and each version once, and ids come back for the linker.
/// </summary>
public abstract class RecordIngestionScenarios(DatabaseProvider provider) : IAsyncLifetime
{
    private ScratchDatabase database = null!;
    private ServiceProvider services = null!;

    public async Task InitializeAsync()
    {
        database = ScratchDatabase.Create(provider);
        services = new ServiceCollection().AddSingleton(TimeProvider.System).AddExchangeDatabase(database.Options)
            .AddSingleton<RecordIngestor>().BuildServiceProvider();
        await using var db = await Contexts.CreateDbContextAsync();
        await DatabaseSetup.MigrateAsync(db, database.Options, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        await database.DisposeAsync();
    }

    private IDbContextFactory<ExchangeDbContext> Contexts => services.GetRequiredService<IDbContextFactory<ExchangeDbContext>>();

    private RecordIngestor Ingestor => services.GetRequiredService<RecordIngestor>();

    [Fact]
    public async Task ResendingAnOverlappingBatchStoresEachRecordAndEachVersionOnce()
    {
        var first = await WriteAsync(Students(0, 2_500), "first");
        // Records 1,500-3,999: 900 already stored as they are, 100 of those changed, 1,500 new.
        var second = await WriteAsync(Students(1_500, 2_500, changedFrom: 2_000, changedTo: 2_100), "second");

        Assert.Equal((2_500, 0, 0), (first.Accepted, first.Unchanged, first.Rejected));
        Assert.Equal((1_600, 900, 0), (second.Accepted, second.Unchanged, second.Rejected));
        await using var db = await Contexts.CreateDbContextAsync();
        Assert.Equal(4_000, await db.SourceRecords.CountAsync());
        Assert.Equal(4_100, await db.SourceRecordVersions.CountAsync());
        Assert.Equal(4_100, await db.PendingLinks.CountAsync());
        var ids = first.ChangedRecordIds.Concat(second.ChangedRecordIds).ToList();
        Assert.Equal(4_100, ids.Count);
        Assert.Equal(4_000, await db.SourceRecords.CountAsync(record => EF.Parameter(ids).Contains(record.Id)));

        var changed = await db.SourceRecords.AsNoTracking().Include(record => record.Versions).SingleAsync(record => record.SourceId == "S000002042");
        Assert.Equal(2, changed.Version);
        Assert.Equal([1, 2], changed.Versions.Select(version => version.Version).Order());
        Assert.Equal(["first", "second"], changed.Versions.OrderBy(version => version.Version).Select(version => version.BatchKey));
        Assert.Contains("\u91cd\u5199\u7684\u5730\u5740", changed.RawJson); // 重写的地址: the changed address.
        var untouched = await db.SourceRecords.AsNoTracking().Include(record => record.Versions).SingleAsync(record => record.SourceId == "S000001600");
        Assert.Equal(1, untouched.Version);
        Assert.Single(untouched.Versions);
        Assert.Equal(Students(1_600, 1)[0].Name, untouched.Name);
    }

    [Fact]
    public async Task TwoWritersOfTheSameNewRecordsAtOnceStoreThemOnce()
    {
        var chunk = Students(0, 1_000);

        var outcomes = await Task.WhenAll(WriteAsync(chunk, "one"), WriteAsync(chunk, "two"));

        Assert.Equal((1_000, 1_000), (outcomes.Sum(o => o.Accepted), outcomes.Sum(o => o.Unchanged)));
        await using var db = await Contexts.CreateDbContextAsync();
        Assert.Equal((1_000, 1_000, 1_000), (await db.SourceRecords.CountAsync(), await db.SourceRecordVersions.CountAsync(), await db.PendingLinks.CountAsync()));
    }

    [Fact]
    public async Task StoredValuesReadBackAsTheyWereNormalised()
    {
        var before = DateTime.UtcNow;
        await WriteAsync(Students(7, 1), "values");

        await using var db = await Contexts.CreateDbContextAsync();
        var stored = await db.SourceRecords.AsNoTracking().Include(r => r.Versions).Include(r => r.PendingLinks).SingleAsync();
        var sent = Students(7, 1)[0];
        Assert.Equal((sent.IdNumber, sent.Name, sent.Sex, sent.BirthDate, sent.RegionCode), (stored.IdNumber, stored.Name, stored.Sex, stored.BirthDate, stored.RegionCode));
        Assert.True(stored.IdNumberValid);
        Assert.Equal(32, stored.ContentHash.Length);
        Assert.Equal(stored.ContentHash, stored.Versions.Single().ContentHash);
        Assert.Equal("", stored.Versions.Single().Reason); // An empty string stays empty, never NULL.
        Assert.Equal(stored.RawJson, stored.Versions.Single().RawJson);
        Assert.InRange(stored.CreatedAt.Ticks, before.Ticks - TimeSpan.TicksPerSecond, DateTime.UtcNow.Ticks);
        Assert.Equal(stored.CreatedAt, stored.PendingLinks.Single().QueuedAt);
    }

    [Fact]
    public async Task ALoadIntoAnEmptyStoreStoresAKeySentAgainOnceWithItsLaterContent()
    {
        await using var load = await RecordLoad.OpenAsync(Ingestor, Contexts, CancellationToken.None);
        var first = await LoadAsync(load, Students(0, 2_500), "first");
        // A second file of the same agency: 1,000 keys of the first (100 of them changed) and 500 new ones.
        var second = await LoadAsync(load, Students(1_500, 1_500, changedFrom: 2_000, changedTo: 2_100), "second");
        await load.CommitAsync(CancellationToken.None);

        Assert.Equal((2_500, 0), (first.Accepted, first.Unchanged));
        Assert.Equal((600, 900), (second.Accepted, second.Unchanged));
        await using var db = await Contexts.CreateDbContextAsync();
        Assert.Equal((3_000, 3_100, 3_100), (await db.SourceRecords.CountAsync(), await db.SourceRecordVersions.CountAsync(), await db.PendingLinks.CountAsync()));
        var changed = await db.SourceRecords.AsNoTracking().Include(record => record.Versions).SingleAsync(record => record.SourceId == "S000002042");
        Assert.Equal((2, 2), (changed.Version, changed.Versions.Count));
        Assert.Contains("\u91cd\u5199\u7684\u5730\u5740", changed.RawJson); // 重写的地址: the changed address.
    }

    [Fact]
    public async Task ALoadSeesRecordsAnotherWriterStoredWhileItRan()
    {
        await using var load = await RecordLoad.OpenAsync(Ingestor, Contexts, CancellationToken.None);
        await LoadAsync(load, Students(0, 1_000), "load");
        await load.CommitAsync(CancellationToken.None); // On SQLite another writer waits for the load's write lock.
        // A host stores 100 records the load has not sent yet (as they are), and changes one the load sent.
        await WriteAsync(Students(2_000, 100), "host");
        await WriteAsync(Students(10, 1, changedFrom: 10, changedTo: 11), "host");

        var after = await LoadAsync(load, Students(1_950, 200), "load");
        var again = await LoadAsync(load, Students(10, 1), "load");
        await load.CommitAsync(CancellationToken.None);

        Assert.Equal((100, 100), (after.Accepted, after.Unchanged));
        Assert.Equal((1, 0), (again.Accepted, again.Unchanged)); // The host's change is found, and replaced.
        await using var db = await Contexts.CreateDbContextAsync();
        Assert.Equal((1_200, 1_202), (await db.SourceRecords.CountAsync(), await db.SourceRecordVersions.CountAsync()));
        Assert.Equal(3, (await db.SourceRecords.AsNoTracking().SingleAsync(record => record.SourceId == "S000000010")).Version);
    }

    [Fact]
    public async Task ALoadWithDeferredKeysStoresEachRecordOnceAndTheNextStartPutsEveryKeyAndIndexBack()
    {
        var migrated = await SchemaAsync();
        DeferredIndexes deferred;
        await using (var db = await Contexts.CreateDbContextAsync())
        {
            deferred = await DeferredIndexes.DropAsync(db, CancellationToken.None); // dx import into an empty hub
        }

        // PostgreSQL checks a version's and a queue entry's record by a trigger per row: those keys wait for the end.
        Assert.Equal(provider == DatabaseProvider.PostgreSql
            ? ["FK_pending_links_source_records_SourceRecordId", "FK_source_record_versions_source_records_SourceRecordId"]
            : [], deferred.DroppedForeignKeys);
        Assert.NotEqual(migrated, await SchemaAsync());
        await using (var load = await RecordLoad.OpenAsync(Ingestor, Contexts, CancellationToken.None))
        {
            await LoadAsync(load, Students(0, 1_500), "first");
            await load.CommitAsync(CancellationToken.None);
            await WriteAsync(Students(3_000, 100), "host"); // another writer meanwhile
            // A second file: 1,000 keys of the first (100 changed) and 500 new; and the host's 100, as they are.
            var second = await LoadAsync(load, Students(500, 1_500, changedFrom: 1_000, changedTo: 1_100).Concat(Students(3_000, 100)).ToList(), "second");
            await load.CommitAsync(CancellationToken.None);
            Assert.Equal((600, 1_000), (second.Accepted, second.Unchanged));
        }

        await using (var db = await Contexts.CreateDbContextAsync())
        {
            await DatabaseSetup.MigrateAsync(db, database.Options, CancellationToken.None); // the next start (or the load's own end)
            Assert.Equal((2_100, 2_200, 2_200), (await db.SourceRecords.CountAsync(), await db.SourceRecordVersions.CountAsync(), await db.PendingLinks.CountAsync()));
            var changed = await db.SourceRecords.AsNoTracking().Include(record => record.Versions).SingleAsync(record => record.SourceId == "S000001042");
            Assert.Equal((2, 2), (changed.Version, changed.Versions.Count));
        }

        Assert.Equal(migrated, await SchemaAsync());
    }

    [Fact]
    public async Task AVersionWithoutItsRecordIsRefusedWhenTheDeferredKeysAreAddedBack()
    {
        await using var db = await Contexts.CreateDbContextAsync();
        var deferred = await DeferredIndexes.DropAsync(db, CancellationToken.None);
        db.SourceRecordVersions.Add(new Entities.SourceRecordVersionEntity { SourceRecordId = 424_242, Version = 1, RawJson = "{}", ContentHash = new byte[32] });
        if (provider != DatabaseProvider.PostgreSql)
        {
            // SQLite keeps every foreign key (it cannot drop one) and checks it row by row.
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
            return;
        }

        await db.SaveChangesAsync(); // accepted while the key is dropped ...
        var refused = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => deferred.RestoreAsync(db, CancellationToken.None));
        Assert.Equal(Npgsql.PostgresErrorCodes.ForeignKeyViolation, refused.SqlState); // ... refused when it is added back
    }

    // Every constraint and index of the database as its DDL, sorted.
    private async Task<List<string>> SchemaAsync()
    {
        await using var db = await Contexts.CreateDbContextAsync();
        var sql = provider == DatabaseProvider.PostgreSql
            ? "SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) AS \"Value\" FROM pg_constraint WHERE connamespace = 'public'::regnamespace"
                + " UNION ALL SELECT indexdef FROM pg_indexes WHERE schemaname = 'public'"
            : "SELECT sql AS \"Value\" FROM sqlite_master WHERE sql IS NOT NULL";
        return [.. (await db.Database.SqlQueryRaw<string>(sql).ToListAsync()).Order(StringComparer.Ordinal)];
    }

    private static async Task<IngestOutcome> LoadAsync(RecordLoad load, IReadOnlyList<SourceRecord> records, string batchKey)
    {
        var total = new IngestOutcome();
        foreach (var chunk in records.Select((record, i) => new IndexedRecord(i, record)).Chunk(RecordIngestor.ChunkSize))
        {
            total.Add(await load.WriteAsync(Agency.Education, RecordIngestor.Prepare(Agency.Education, chunk, CancellationToken.None), batchKey, CancellationToken.None));
        }

        return total;
    }

    private async Task<IngestOutcome> WriteAsync(IReadOnlyList<SourceRecord> records, string batchKey)
    {
        var total = new IngestOutcome();
        foreach (var chunk in records.Select((record, i) => new IndexedRecord(i, record)).Chunk(RecordIngestor.ChunkSize))
        {
            total.Add(await Ingestor.WriteChunkAsync(Agency.Education, chunk, batchKey, CancellationToken.None));
        }

        return total;
    }

    // Students S{first}..; those in [changedFrom, changedTo) carry another address than the first time they were sent.
    private static List<SourceRecord> Students(int first, int count, int changedFrom = 0, int changedTo = 0) =>
    [
        .. Enumerable.Range(first, count).Select(i =>
        {
            var birth = new DateOnly(2012, 1, 1).AddDays(i % 3_000);
            var first17 = "511102" + birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + (i % 500 * 2 + 1).ToString("000", CultureInfo.InvariantCulture);
            return new SourceRecord
            {
                Agency = Agency.Education,
                SourceId = "S" + i.ToString("D9", CultureInfo.InvariantCulture),
                IdNumber = first17 + CitizenIdNumber.ComputeCheckCharacter(first17),
                Name = "王" + (char)('\u4e00' + i % 2_000) + "欣",
                Sex = "M",
                BirthDate = birth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                RegionCode = "511102",
                Address = i >= changedFrom && i < changedTo ? "四川省乐山市市中区重写的地址" : $"四川省乐山市市中区凤南村{i % 12}组{i % 90}号",
            };
        }),
    ];
}

public sealed class RecordIngestionOnSqlite() : RecordIngestionScenarios(DatabaseProvider.Sqlite);

public sealed class RecordIngestionOnPostgres() : RecordIngestionScenarios(DatabaseProvider.PostgreSql);
