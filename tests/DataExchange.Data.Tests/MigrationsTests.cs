using DataExchange.Data;
using DataExchange.Data.Providers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace DataExchange.Data.Tests;

/// <summary>
/// Every provider's migrations must match the model, and SQL Server's (which cannot run on these machines)
/// must script: a forgotten or broken migration fails here instead of at a partner's deployment.
/// </summary>
public class MigrationsTests
{
    public static TheoryData<DatabaseProvider> Providers => [DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql, DatabaseProvider.SqlServer];

    [Theory]
    [MemberData(nameof(Providers))]
    public void EveryProvidersMigrationsMatchTheModel(DatabaseProvider provider)
    {
        using var db = ContextFor(provider);

        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(), $"The model has changes with no {provider} migration: add one (see the command in the migrations project file).");
    }

    [Fact]
    public void TheSqlServerIdempotentScriptCreatesEveryTable()
    {
        using var db = ContextFor(DatabaseProvider.SqlServer);

        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        Assert.Contains("IF NOT EXISTS (\n    SELECT * FROM [__EFMigrationsHistory]", script.ReplaceLineEndings("\n"));
        foreach (var table in db.Model.GetEntityTypes().Select(entity => entity.GetTableName()).Distinct())
        {
            Assert.Contains($"CREATE TABLE [{table}]", script);
        }
    }

    private static ExchangeDbContext ContextFor(DatabaseProvider provider)
    {
        var connection = provider switch
        {
            DatabaseProvider.Sqlite => "Data Source=:memory:",
            DatabaseProvider.PostgreSql => "Host=localhost;Database=unused",
            _ => "Server=localhost;Database=unused;TrustServerCertificate=True",
        };
        var builder = new DbContextOptionsBuilder<ExchangeDbContext>();
        DatabaseSetup.Configure(builder, new DatabaseOptions { Provider = provider, ConnectionString = connection });
        return new ExchangeDbContext(builder.Options);
    }
}
