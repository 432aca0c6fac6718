using DataExchange.Data.Entities.Reconciliation;
using DataExchange.Data.Providers;
using DataExchange.Data.Writing;
using Microsoft.EntityFrameworkCore;

namespace DataExchange.Data.Tests.Bulk;

/// <summary>DirectSave keeps SaveChanges' guarantees on the hub's own tables: generated keys, concurrency, one transaction.</summary>
public abstract class DirectSaveScenarios(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly Type[] Rows = [typeof(ChildEntity), typeof(ChangeEventEntity)];
    private ScratchDatabase database = null!;
    private DatabaseOptions options = null!;

    public async Task InitializeAsync()
    {
        database = ScratchDatabase.Create(provider);
        options = database.Options;
        await using var db = NewContext();
        await DatabaseSetup.MigrateAsync(db, options, CancellationToken.None);
    }

    [Fact]
    public async Task AddedRowsGetTheirGeneratedKeysAndChildRowsCanUseThemInTheSameTransaction()
    {
        await using var db = NewContext();
        await using var transaction = await db.Database.BeginTransactionAsync();
        // 20 children: on PostgreSQL past the COPY threshold, so their keys are reserved from the identity sequence.
        var children = Enumerable.Range(0, 20).Select(i => NewChild("C-" + i)).ToArray();
        db.Children.AddRange(children);

        await DirectSave.SaveChangesAsync(db, Rows, CancellationToken.None);
        db.ChangeEvents.AddRange(children.Select(child => new ChangeEventEntity { ChildId = child.Id, ChildPublicId = child.PublicId, Kind = "created", Agencies = ",", Detail = "", CreatedAt = DateTime.UtcNow }));
        await DirectSave.SaveChangesAsync(db, Rows, CancellationToken.None);
        await transaction.CommitAsync();

        Assert.All(children, child => Assert.True(child.Id > 0));
        Assert.Equal(children.Length, children.Select(c => c.Id).Distinct().Count());
        Assert.All(db.ChangeTracker.Entries(), entry => Assert.Equal(EntityState.Unchanged, entry.State));
        await using var check = NewContext();
        Assert.Equal(children.Select(c => c.Id).Order(), await check.ChangeEvents.Select(e => e.ChildId).OrderBy(id => id).ToListAsync());
    }

    [Fact]
    public async Task AModifiedRowIsUpdatedAndAStaleOneIsRefusedAsAConcurrencyConflict()
    {
        await using var db = NewContext();
        var child = NewChild("C-STALE");
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            db.Children.Add(child);
            await DirectSave.SaveChangesAsync(db, Rows, CancellationToken.None);
            child.Name = "王可欣";
            child.Version++;
            await DirectSave.SaveChangesAsync(db, Rows, CancellationToken.None);
            await transaction.CommitAsync();
        }

        await using (var other = NewContext())
        {
            Assert.Equal(new { Name = "王可欣", Version = 1 }, await other.Children.Where(c => c.Id == child.Id).Select(c => new { c.Name, c.Version }).SingleAsync());
            await other.Children.Where(c => c.Id == child.Id).ExecuteUpdateAsync(set => set.SetProperty(c => c.Version, 2));
        }

        await using var stale = await db.Database.BeginTransactionAsync();
        child.Name = "李浩然";
        child.Version++;
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => DirectSave.SaveChangesAsync(db, Rows, CancellationToken.None));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task UntrackedRowsInsertedInBulkGetTheirKeysAndNothingStaysTracked(bool inTransaction)
    {
        // In a transaction the provider's bulk writer (20 rows: COPY with reserved keys on PostgreSQL); without one,
        // SaveChanges. The caller sees the same either way.
        await using var db = NewContext();
        await using var transaction = inTransaction ? await db.Database.BeginTransactionAsync() : null;
        var children = Enumerable.Range(0, 20).Select(i => NewChild($"C-BULK-{inTransaction}-{i}")).ToArray();

        await BulkInsert.InsertAsync(db, children, readKeys: true, CancellationToken.None);
        var events = children.Select(child => new ChangeEventEntity { ChildId = child.Id, ChildPublicId = child.PublicId, Kind = "created", Agencies = ",", Detail = "", CreatedAt = DateTime.UtcNow }).ToList();
        await BulkInsert.InsertAsync(db, events, readKeys: false, CancellationToken.None);
        await (transaction?.CommitAsync() ?? Task.CompletedTask);

        Assert.Equal(children.Length, children.Select(c => c.Id).Where(id => id > 0).Distinct().Count());
        Assert.Empty(db.ChangeTracker.Entries());
        await using var check = NewContext();
        var stored = await check.Children.Where(c => c.PublicId.StartsWith($"C-BULK-{inTransaction}-")).ToDictionaryAsync(c => c.PublicId, c => c.Id);
        Assert.Equal(children.ToDictionary(c => c.PublicId, c => c.Id), stored);
        Assert.Equal(children.Select(c => c.Id).Order(), await check.ChangeEvents.Where(e => stored.Values.Contains(e.ChildId)).Select(e => e.ChildId).OrderBy(id => id).ToListAsync());
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    private static ChildEntity NewChild(string publicId) =>
        new() { PublicId = publicId, Active = true, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow };

    private ExchangeDbContext NewContext()
    {
        var builder = new DbContextOptionsBuilder<ExchangeDbContext>();
        if (options.Provider == DatabaseProvider.PostgreSql)
        {
            // Without the host's retrying strategy, so the test may open its own transactions.
            builder.UseNpgsql(options.ConnectionString, npgsql => npgsql.MigrationsAssembly(DatabaseSetup.PostgreSqlMigrations));
        }
        else
        {
            DatabaseSetup.Configure(builder, options);
        }

        return new ExchangeDbContext(builder.Options);
    }
}

public sealed class DirectSaveOnSqlite() : DirectSaveScenarios(DatabaseProvider.Sqlite);

public sealed class DirectSaveOnPostgres() : DirectSaveScenarios(DatabaseProvider.PostgreSql);
