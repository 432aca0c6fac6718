using DataExchange.Matching.Scoring;
using DataExchange.Matching.Training;
using Microsoft.Extensions.DependencyInjection;

namespace DataExchange.Reconciliation;

/// <summary>Registers reconciliation for the host and for dx: one scorer (the shipped model), one reconciler per process.</summary>
public static class ReconciliationServices
{
    public static IServiceCollection AddReconciliation(this IServiceCollection services)
    {
        services.AddSingleton(_ => new Scorer(ModelFile.Default()));
        services.AddSingleton<Reconciler>();
        services.AddSingleton<Stewardship.StewardDecisions>();
        services.AddSingleton<Children.ChildQueries>();
        services.AddSingleton<Stewardship.ReviewQueue>();
        services.AddSingleton<WorkQueues.ConflictQueue>();
        services.AddSingleton<WorkQueues.AlertInbox>();
        services.AddSingleton<Reporting.DashboardReport>();
        services.AddSingleton<ChangeNotifier>();
        return services;
    }
}
