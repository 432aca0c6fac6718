using DataExchange.Data.Providers;
using DataExchange.Data.Querying;
using Microsoft.EntityFrameworkCore;

namespace DataExchange.Data.Tests;

/// <summary>A compiled query serves every context of one model, and compiles anew for another provider's model.</summary>
public sealed class CompiledQueryTests : IAsyncLifetime
{
    private readonly string folder = Directory.CreateTempSubdirectory("dx-compiled-").FullName;
    private readonly CompiledQuery<Func<ExchangeDbContext, string, Task<int>>> grantsOf = new(() =>
        EF.CompileAsyncQuery((ExchangeDbContext db, string grantee) => db.Grants.Count(grant => grant.GranteeAgency == grantee)));

    private DbContextOptions<ExchangeDbContext> sqlite = null!;

    public async Task InitializeAsync()
    {
        sqlite = Options(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(folder, "hub.db")}" });
        await using var db = new ExchangeDbContext(sqlite);
        await DatabaseSetup.MigrateAsync(db, new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(folder, "hub.db")}" }, CancellationToken.None);
    }

    [Fact]
    public async Task OneCompilationPerModelAndItRuns()
    {
        await using var first = new ExchangeDbContext(sqlite);
        await using var second = new ExchangeDbContext(sqlite);
        // Another provider's model; nothing is executed on it, so no server is needed.
        await using var sqlServer = new ExchangeDbContext(Options(new DatabaseOptions { Provider = DatabaseProvider.SqlServer, ConnectionString = "Server=unused;Database=unused" }));

        Assert.Same(grantsOf.For(first), grantsOf.For(second));
        Assert.NotSame(grantsOf.For(first), grantsOf.For(sqlServer));
        Assert.Equal(0, await grantsOf.For(first)(first, "education"));
    }

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
        return Task.CompletedTask;
    }

    private static DbContextOptions<ExchangeDbContext> Options(DatabaseOptions options)
    {
        var builder = new DbContextOptionsBuilder<ExchangeDbContext>();
        DatabaseSetup.Configure(builder, options);
        return builder.Options;
    }
}
