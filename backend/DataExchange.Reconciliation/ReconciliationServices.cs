using DataExchange.Matching.Training;
using Microsoft.Extensions.DependencyInjection;

namespace DataExchange.Reconciliation;

/// <summary>
/// Registers reconciliation for the host and for dx: the shipped model, one reconciler per process. The reconciler
/// scores with the prior for the number of records the hub holds (as dx link scores a run at its size), not a fixed one.
/// </summary>
public static class ReconciliationServices
{
    /// <param name="asOf">The discovery rules' fixed as-of date; null judges against today.</param>
    /// <param name="deferForeignKeysInBatch">See <see cref="Reconciler.DeferForeignKeysInBatch"/> (dx import only).</param>
    public static IServiceCollection AddReconciliation(this IServiceCollection services, DateOnly? asOf = null, bool deferForeignKeysInBatch = false)
    {
        services.AddSingleton(provider => new Children.AsOfDate(provider.GetRequiredService<TimeProvider>(), asOf));
        services.AddSingleton(_ => ModelFile.Default());
        services.AddSingleton(provider =>
        {
            var reconciler = ActivatorUtilities.CreateInstance<Reconciler>(provider);
            reconciler.DeferForeignKeysInBatch = deferForeignKeysInBatch;
            return reconciler;
        });
        services.AddSingleton<Stewardship.StewardDecisions>();
        services.AddSingleton<Children.PreparedChildReads>();
        services.AddSingleton<Children.ChildQueries>();
        services.AddSingleton<Stewardship.ReviewQueue>();
        services.AddSingleton<WorkQueues.ConflictQueue>();
        services.AddSingleton<WorkQueues.AlertInbox>();
        services.AddSingleton<Reporting.DashboardReport>();
        services.AddSingleton<ChangeNotifier>();
        return services;
    }
}
