using DataExchange.Cli.Inputs;
using DataExchange.Data.Providers;
using DataExchange.Reconciliation;
using Microsoft.Extensions.DependencyInjection;

namespace DataExchange.Cli.Commands;

/// <summary>
/// Opens a hub database for the verbs that read it (report, export-links): it must exist and be at the current
/// schema (<see cref="DatabaseInput.ExistingHubAsync"/>); nothing is created or migrated.
/// </summary>
internal static class ReconcileDatabase
{
    public static async Task<ServiceProvider> OpenAsync(string spec, CancellationToken cancellationToken)
    {
        var options = await DatabaseInput.ExistingHubAsync(spec, cancellationToken);
        return new ServiceCollection()
            .AddSingleton(TimeProvider.System)
            .AddExchangeDatabase(options)
            .AddReconciliation()
            .BuildServiceProvider();
    }
}
