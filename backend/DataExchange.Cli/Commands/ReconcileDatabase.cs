using DataExchange.Data;
using DataExchange.Data.Providers;
using DataExchange.Reconciliation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DataExchange.Cli.Commands;

/// <summary>Opens a hub database for the reconciliation verbs (report, export-links), migrated like dx import does.</summary>
internal static class ReconcileDatabase
{
    public static async Task<ServiceProvider> OpenAsync(string spec, CancellationToken cancellationToken)
    {
        var options = DatabaseOptions.Parse(spec);
        var services = new ServiceCollection()
            .AddSingleton(TimeProvider.System)
            .AddExchangeDatabase(options)
            .AddReconciliation()
            .BuildServiceProvider();
        await using var db = await services.GetRequiredService<IDbContextFactory<ExchangeDbContext>>().CreateDbContextAsync(cancellationToken);
        await DatabaseSetup.MigrateAsync(db, options, cancellationToken);
        return services;
    }
}
