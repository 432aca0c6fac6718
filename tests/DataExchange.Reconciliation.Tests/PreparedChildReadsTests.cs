using DataExchange.Data;
using DataExchange.Data.Providers;
using DataExchange.Reconciliation.Children;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DataExchange.Reconciliation.Tests;

/// <summary>
/// GetChild's read on SQLite runs on commands kept prepared (PreparedChildReads): a read must show what is stored
/// when it runs, never what an earlier read on the same command saw, and concurrent readers borrowing commands must
/// each get the child they asked for, as a read on a fresh command gives it.
/// </summary>
public sealed class PreparedChildReadsTests(PreparedChildReadsTests.SmallHub small) : IClassFixture<PreparedChildReadsTests.SmallHub>
{
    /// <summary>A small generated sample (300 children), imported once.</summary>
    public sealed class SmallHub : IAsyncLifetime
    {
        public SampleHub Hub { get; } = new(children: 300, seed: 20261203, Reconciler.DefaultBatchChildChunk);

        public Task InitializeAsync() => Hub.InitializeAsync();

        public Task DisposeAsync() => Hub.DisposeAsync();
    }

    private SampleHub Hub => small.Hub;

    [Fact]
    public async Task AReadAfterAWriteShowsTheWriteNotWhatTheCommandReadBefore()
    {
        var queries = Hub.Services.GetRequiredService<ChildQueries>();
        var record = Hub.Records[0];
        var childId = await ChildOfAsync(record.Agency, record.SourceId);
        // Read several times so the command is prepared and given back to the pool before the write.
        for (var i = 0; i < 3; i++)
        {
            var before = await queries.GetAsync(childId, CancellationToken.None);
            Assert.DoesNotContain(before.Records, shown => shown.Values.GetValueOrDefault("address") == "prepared-read test address");
        }

        Assert.Equal(1, await Hub.ImportAsync([record with { Address = "prepared-read test address" }]));

        var after = await queries.GetAsync(childId, CancellationToken.None);
        var changed = Assert.Single(after.Records, shown => shown.SourceId == record.SourceId);
        Assert.Equal("prepared-read test address", changed.Values["address"]);
        Assert.Equal(2, changed.Version);
    }

    [Fact]
    public async Task ConcurrentReadersEachGetTheChildTheyAskedForAsAFreshReadGivesIt()
    {
        var queries = Hub.Services.GetRequiredService<ChildQueries>();
        await using var db = await Hub.Services.GetRequiredService<IDbContextFactory<ExchangeDbContext>>().CreateDbContextAsync();
        var childIds = await db.Children.AsNoTracking().Where(child => child.Active).OrderBy(child => child.Id).Select(child => child.PublicId).Take(40).ToListAsync();

        // Many more readers than the pool keeps idle, each reading several children in turn.
        var shown = await Task.WhenAll(Enumerable.Range(0, 64).Select(reader => Task.Run(async () =>
        {
            var seen = new List<(string Asked, ChildView View)>();
            for (var n = 0; n < 5; n++)
            {
                var asked = childIds[(reader * 7 + n) % childIds.Count];
                seen.Add((asked, await queries.GetAsync(asked, CancellationToken.None)));
            }

            return seen;
        })));

        await db.Database.OpenConnectionAsync();
        foreach (var (asked, view) in shown.SelectMany(seen => seen))
        {
            Assert.Equal(asked, view.PublicId);
            var fresh = await ChildRead.ReadAsync(db, asked, CancellationToken.None);
            Assert.Equal(fresh.Records.Select(r => (r.Agency, r.SourceId, r.Version)), view.Records.Select(r => (r.Agency, r.SourceId, r.Version)));
            Assert.Equal(fresh.History.Select(h => h.Sequence), view.History.Select(h => h.Sequence));
        }
    }

    [Fact]
    public async Task NoPooledConnectionKeepsTheKeptReadsSmallCacheOrTheBulkLinksWideOne()
    {
        // The hub's import ran the batch link, which widened its connection's page cache for the unit (SqliteBulkCache).
        // Kept reads of their own, several at once, then closed: their connections must not go back to the pool either.
        var contexts = Hub.Services.GetRequiredService<IDbContextFactory<ExchangeDbContext>>();
        await using (var db = await contexts.CreateDbContextAsync())
        {
            var childIds = await db.Children.AsNoTracking().Where(child => child.Active).OrderBy(child => child.Id).Select(child => child.PublicId).Take(16).ToListAsync();
            await using var reads = new PreparedChildReads(contexts, Hub.Services.GetRequiredService<DatabaseOptions>());
            var rows = await Task.WhenAll(childIds.Select(childId => Task.Run(() => reads.TryReadAsync(childId, CancellationToken.None))));
            Assert.All(rows, Assert.NotNull);
        }

        // Every native connection the pool could hand out (held open together, so none is handed out twice) has the
        // host's setting (SqlitePragmas: 64 MiB), whatever ran on it before, and every pooled context the host's.
        var open = new List<ExchangeDbContext>();
        try
        {
            for (var i = 0; i < 24; i++)
            {
                var db = await contexts.CreateDbContextAsync();
                open.Add(db);
                await db.Database.OpenConnectionAsync();
            }

            foreach (var db in open)
            {
                // Nor does a context from EF's context pool come back with the kept reads' own (unpooled) connection.
                Assert.True(new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).Pooling);
                await using var command = db.Database.GetDbConnection().CreateCommand();
                command.CommandText = "PRAGMA cache_size;";
                Assert.Equal(-65536L, Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        finally
        {
            foreach (var db in open)
            {
                await db.DisposeAsync();
            }
        }
    }

    private async Task<string> ChildOfAsync(Domain.Agencies.Agency agency, string sourceId)
    {
        await using var db = await Hub.Services.GetRequiredService<IDbContextFactory<ExchangeDbContext>>().CreateDbContextAsync();
        var code = Domain.Agencies.AgencyCodes.ToCode(agency);
        return await (from record in db.SourceRecords
                      join link in db.RecordLinks on record.Id equals link.SourceRecordId
                      join child in db.Children on link.ChildId equals child.Id
                      where record.Agency == code && record.SourceId == sourceId
                      select child.PublicId).SingleAsync();
    }
}
