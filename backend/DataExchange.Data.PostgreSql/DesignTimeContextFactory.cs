using DataExchange.Data.Providers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace DataExchange.Data.PostgreSql;

/// <summary>Lets `dotnet ef` build the context for PostgreSql; the connection string is never opened to add a migration or script it.</summary>
public sealed class DesignTimeContextFactory : IDesignTimeDbContextFactory<ExchangeDbContext>
{
    public ExchangeDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<ExchangeDbContext>();
        DatabaseSetup.Configure(builder, new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = "Host=localhost;Database=dataexchange_design;Username=postgres" });
        return new ExchangeDbContext(builder.Options);
    }
}
