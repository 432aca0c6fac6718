using DataExchange.Data.Access;
using DataExchange.Data.Entities;
using DataExchange.Data.Providers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DataExchange.Data.Tests.Access;

/// <summary>
/// The access generation moves when, and only when, a change to access state has committed: a grant saved on its own,
/// a grant saved inside a transaction (again at its commit, so a read between save and commit is not kept), and not
/// for other tables.
/// </summary>
public sealed class AccessChangeInterceptorTests : IAsyncLifetime
{
    private readonly string folder = Directory.CreateTempSubdirectory("dx-access-changes-").FullName;
    private ServiceProvider services = null!;

    private AccessChanges Changes => services.GetRequiredService<AccessChanges>();

    private Task<ExchangeDbContext> ContextAsync() => services.GetRequiredService<IDbContextFactory<ExchangeDbContext>>().CreateDbContextAsync();

    public async Task InitializeAsync()
    {
        var options = new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(folder, "hub.db")}" };
        services = new ServiceCollection().AddSingleton(TimeProvider.System).AddExchangeDatabase(options).BuildServiceProvider();
        await using var db = await ContextAsync();
        await DatabaseSetup.MigrateAsync(db, options, CancellationToken.None);
    }

    private static GrantEntity Grant() => new()
    {
        Id = Guid.NewGuid(), GranteeAgency = "civil_affairs", SourceAgencies = "education", Purpose = "active_discovery", Reference = "test",
        FieldGroups = "education", ChildCategories = "", Regions = "", ValidFrom = DateTime.UtcNow.AddDays(-1), ValidTo = DateTime.UtcNow.AddDays(1),
        CreatedAt = DateTime.UtcNow, CreatedBy = "test",
    };

    [Fact]
    public async Task SavingAGrantMovesTheGeneration()
    {
        var before = Changes.Generation;
        await using var db = await ContextAsync();
        var grant = Grant();
        db.Grants.Add(grant);
        await db.SaveChangesAsync();
        Assert.True(Changes.Generation > before);

        var saved = Changes.Generation;
        grant.RevokedAt = DateTime.UtcNow;
        await db.SaveChangesAsync();
        Assert.True(Changes.Generation > saved);
    }

    [Fact]
    public async Task AGrantSavedInATransactionMovesTheGenerationAgainAtTheCommit()
    {
        await using var db = await ContextAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        db.Grants.Add(Grant());
        await db.SaveChangesAsync();
        var afterSave = Changes.Generation;

        await transaction.CommitAsync();
        Assert.True(Changes.Generation > afterSave);
    }

    [Fact]
    public async Task SavingSomethingElseLeavesTheGenerationAlone()
    {
        var before = Changes.Generation;
        await using var db = await ContextAsync();
        db.IngestBatches.Add(new IngestBatchEntity { Agency = "education", BatchKey = "b-1", RejectionsJson = "[]", CompletedAt = DateTime.UtcNow });
        await db.SaveChangesAsync();
        Assert.Equal(before, Changes.Generation);
    }

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}
