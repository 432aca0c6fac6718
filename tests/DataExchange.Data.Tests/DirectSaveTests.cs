using DataExchange.Data.Entities.Reconciliation;
using DataExchange.Data.Providers;
using DataExchange.Data.Writing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace DataExchange.Data.Tests;

/// <summary>DirectSave keeps SaveChanges' guarantees on a real (SQLite) database: generated keys, concurrency, one transaction.</summary>
public sealed class DirectSaveTests : IAsyncLifetime
{
    private static readonly Type[] Rows = [typeof(ChildEntity), typeof(ChangeEventEntity)];
    private readonly string folder = Directory.CreateTempSubdirectory("dx-directsave-").FullName;
    private DatabaseOptions options = null!;

    public async Task InitializeAsync()
    {
        options = new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(folder, "hub.db")}" };
        await using var db = NewContext();
        await DatabaseSetup.MigrateAsync(db, options, CancellationToken.None);
    }

    [Fact]
    public async Task AddedRowsGetTheirGeneratedKeysAndChildRowsCanUseThemInTheSameTransaction()
    {
        await using var db = NewContext();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var children = new[] { NewChild("C-A"), NewChild("C-B") };
        db.Children.AddRange(children);

        await DirectSave.SaveChangesAsync(db, Rows, CancellationToken.None);
        db.ChangeEvents.AddRange(children.Select(child => new ChangeEventEntity { ChildId = child.Id, ChildPublicId = child.PublicId, Kind = "created", Agencies = ",", Detail = "", CreatedAt = DateTime.UtcNow }));
        await DirectSave.SaveChangesAsync(db, Rows, CancellationToken.None);
        await transaction.CommitAsync();

        Assert.All(children, child => Assert.True(child.Id > 0));
        Assert.NotEqual(children[0].Id, children[1].Id);
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
            Assert.Equal(("王可欣", 1), await other.Children.Where(c => c.Id == child.Id).Select(c => ValueTuple.Create(c.Name, c.Version)).SingleAsync());
            await other.Children.Where(c => c.Id == child.Id).ExecuteUpdateAsync(set => set.SetProperty(c => c.Version, 2));
        }

        await using var stale = await db.Database.BeginTransactionAsync();
        child.Name = "李浩然";
        child.Version++;
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => DirectSave.SaveChangesAsync(db, Rows, CancellationToken.None));
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
        return Task.CompletedTask;
    }

    private static ChildEntity NewChild(string publicId) =>
        new() { PublicId = publicId, Active = true, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow };

    private ExchangeDbContext NewContext()
    {
        var builder = new DbContextOptionsBuilder<ExchangeDbContext>();
        DatabaseSetup.Configure(builder, options);
        return new ExchangeDbContext(builder.Options);
    }
}
