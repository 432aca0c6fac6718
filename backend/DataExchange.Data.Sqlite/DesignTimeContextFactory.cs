using DataExchange.Data.Providers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace DataExchange.Data.Sqlite;

/// <summary>Lets `dotnet ef` build the context for Sqlite; the connection string is never opened to add a migration or script it.</summary>
public sealed class DesignTimeContextFactory : IDesignTimeDbContextFactory<ExchangeDbContext>
{
    public ExchangeDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<ExchangeDbContext>();
        DatabaseSetup.Configure(builder, new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = "Data Source=design-time.db" });
        return new ExchangeDbContext(builder.Options);
    }
}
