using DataExchange.Data.Providers;
using DataExchange.Data.Writing;
using Microsoft.EntityFrameworkCore;

namespace DataExchange.Data.Tests.Bulk;

/// <summary>
/// DirectSave's bulk writers (sqlite3 statements, PostgreSQL binary COPY and UPDATE ... FROM unnest) store what EF's
/// SaveChanges stores, on a model they have never seen, on each provider.
/// </summary>
public abstract class BulkWriterScenarios(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly Type[] Rows = [typeof(ProbeRow)];
    private ScratchDatabase database = null!;

    public async Task InitializeAsync()
    {
        database = ScratchDatabase.Create(provider);
        await using var db = ProbeContext.Open(database.Options);
        await db.Database.EnsureCreatedAsync();
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    // 40 rows go by COPY on PostgreSQL, 3 by INSERT statements: both ways are compared with EF.
    [Theory]
    [InlineData(40)]
    [InlineData(3)]
    public async Task RowsWrittenInBulkReadBackExactlyAsRowsSavedByEf(int count)
    {
        var bulk = Enumerable.Range(0, count).Select(Probe).ToList();
        var saved = Enumerable.Range(0, count).Select(Probe).ToList();
        await using (var db = ProbeContext.Open(database.Options))
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Rows.AddRange(bulk);
            await DirectSave.SaveChangesAsync(db, Rows, CancellationToken.None);
            Assert.All(db.ChangeTracker.Entries(), entry => Assert.Equal(EntityState.Unchanged, entry.State));
            db.ChangeTracker.Clear();
            db.Rows.AddRange(saved);
            await db.SaveChangesAsync(); // EF's own path, the reference.
            await transaction.CommitAsync();
        }

        Assert.Equal(count, bulk.Select(row => row.Id).Where(id => id > 0).Distinct().Count());
        await using var check = ProbeContext.Open(database.Options);
        var stored = await check.Rows.AsNoTracking().ToDictionaryAsync(row => row.Id);
        for (var i = 0; i < count; i++)
        {
            var (mine, theirs) = (stored[bulk[i].Id], stored[saved[i].Id]);
            Assert.Equal(Columns(theirs), Columns(mine));
            Assert.Equal(Columns(Probe(i)), Columns(mine));
        }

        Assert.Null(stored[bulk[0].Id].MaybeText);
        Assert.Equal("", stored[bulk[1].Id].MaybeText);
        Assert.Null(stored[bulk[0].Id].MaybeKind);
        Assert.Null(stored[bulk[0].Id].MaybeBytes);
        Assert.Equal([], stored[bulk[1].Id].MaybeBytes!);
    }

    [Fact]
    public async Task ModifiedRowsAreUpdatedInBulkAndOneStaleRowFailsTheWholeUpdate()
    {
        var rows = Enumerable.Range(0, 20).Select(Probe).ToList();
        await using var db = ProbeContext.Open(database.Options);
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            db.Rows.AddRange(rows);
            await DirectSave.SaveChangesAsync(db, Rows, CancellationToken.None);
            foreach (var row in rows)
            {
                row.MaybeText = row.MaybeText is null ? "李浩然" : null;
                row.MaybeAt = row.MaybeAt is null ? new DateTime(2026, 12, 2, 8, 0, 0, DateTimeKind.Utc) : null;
                row.Kind = ProbeKind.Linked;
                row.Version++;
            }

            await DirectSave.SaveChangesAsync(db, Rows, CancellationToken.None);
            await transaction.CommitAsync();
        }

        await using (var other = ProbeContext.Open(database.Options))
        {
            var stored = await other.Rows.AsNoTracking().OrderBy(row => row.Id).ToListAsync();
            // The entities keep the values written: what the database now holds.
            Assert.Equal(rows.Select(Columns), stored.Select(Columns));
            Assert.All(stored, row => Assert.Equal((1, ProbeKind.Linked), (row.Version, row.Kind)));
            await other.Rows.Where(row => row.Id == rows[7].Id).ExecuteUpdateAsync(set => set.SetProperty(row => row.Version, 5));
        }

        await using (var stale = await db.Database.BeginTransactionAsync())
        {
            rows.ForEach(row => { row.Text = "changed"; row.Version++; });
            await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => DirectSave.SaveChangesAsync(db, Rows, CancellationToken.None));
        }

        await using var check = ProbeContext.Open(database.Options);
        Assert.DoesNotContain(await check.Rows.Select(row => row.Text).ToListAsync(), text => text == "changed");
    }

    private static ProbeRow Probe(int i) => new()
    {
        Text = i % 3 == 0 ? "" : $"王可欣 {i} 𠮷 \"quoted\" back\\slash",
        MaybeText = i % 2 == 0 ? null : i % 4 == 1 ? "" : "四川省乐山市市中区凤南村4组44号",
        MaybeNumber = i % 2 == 0 ? null : -i * 1_000_000_007L,
        Count = i,
        Flag = i % 2 == 1,
        Score = i / 7.0,
        Hash = [(byte)i, 0, 255],
        MaybeBytes = i % 2 == 0 ? null : i % 4 == 1 ? [] : [1, 2, 3],
        // Microseconds: what both databases keep of a .NET tick count.
        At = new DateTime(2026, 1, 31, 23, 59, 59, DateTimeKind.Utc).AddTicks(i * 123_450),
        MaybeAt = i % 2 == 0 ? null : new DateTime(1999, 12, 31, 0, 0, 0, DateTimeKind.Utc).AddDays(i),
        Kind = i % 2 == 0 ? ProbeKind.Created : ProbeKind.Linked,
        MaybeKind = i % 2 == 0 ? null : ProbeKind.Linked,
    };

    // Every column but the key, times as UTC ticks (SQLite reads them back without a kind, PostgreSQL as UTC).
    private static string Columns(ProbeRow row) => string.Join("|",
        row.Text, row.MaybeText ?? "<null>", row.MaybeNumber?.ToString() ?? "<null>", row.Count, row.Flag, row.Score.ToString("R"),
        Convert.ToHexString(row.Hash), row.MaybeBytes is null ? "<null>" : "x" + Convert.ToHexString(row.MaybeBytes),
        row.At.Ticks, row.MaybeAt?.Ticks.ToString() ?? "<null>", row.Kind, row.MaybeKind?.ToString() ?? "<null>", row.Version);
}

public sealed class BulkWriterOnSqlite() : BulkWriterScenarios(DatabaseProvider.Sqlite);

public sealed class BulkWriterOnPostgres() : BulkWriterScenarios(DatabaseProvider.PostgreSql);
