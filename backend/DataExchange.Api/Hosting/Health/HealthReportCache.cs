using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DataExchange.Api.Hosting.Health;

/// <summary>
/// Keeps the last health report the background probe published, for the HTTP endpoints, and passes it on to gRPC's
/// health service (which keeps its own copy for Check and Watch). Logs a change of status once, with its reason.
/// </summary>
public sealed partial class HealthReportCache(ILogger<HealthReportCache> logger) : IHealthCheckPublisher
{
    private volatile HealthReport? last;
    private HealthStatus? lastLogged;

    public async Task PublishAsync(HealthReport report, CancellationToken cancellationToken)
    {
        last = report;
        if (report.Status != lastLogged)
        {
            lastLogged = report.Status;
            var reasons = string.Join("; ", report.Entries.Where(entry => entry.Value.Status != HealthStatus.Healthy)
                .Select(entry => $"{entry.Key}: {entry.Value.Description ?? entry.Value.Exception?.GetType().Name ?? entry.Value.Status.ToString()}"));
            LogStatus(report.Status, reasons);
        }

        await Task.CompletedTask;
    }

    /// <summary>The worst status among the checks tagged <paramref name="tag"/>; Unhealthy before the first report.</summary>
    public HealthStatus StatusOf(string tag)
    {
        if (last is not { } report)
        {
            return HealthStatus.Unhealthy;
        }

        var statuses = report.Entries.Values.Where(entry => entry.Tags.Contains(tag)).Select(entry => entry.Status).ToList();
        return statuses.Count == 0 ? HealthStatus.Unhealthy : statuses.Min();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Health: {Status} {Reasons}")]
    private partial void LogStatus(HealthStatus status, string reasons);
}
