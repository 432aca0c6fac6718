using DataExchange.Data;
using DataExchange.Data.Observability;
using Microsoft.EntityFrameworkCore;

namespace DataExchange.Api.Hosting.Observability;

/// <summary>
/// Samples the link queue every few seconds for <see cref="HubMetrics"/> (depth, and the age of its oldest entry):
/// one indexed count per sample, whatever the scrape rate, and never inside a request.
/// </summary>
public sealed partial class LinkQueueProbe(IDbContextFactory<ExchangeDbContext> contexts, HubMetrics metrics, TimeProvider clock, ILogger<LinkQueueProbe> logger)
    : BackgroundService
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, clock);
        do
        {
            try
            {
                await using var db = await contexts.CreateDbContextAsync(stoppingToken);
                var depth = await db.PendingLinks.LongCountAsync(stoppingToken);
                var oldest = depth == 0 ? null : await db.PendingLinks.MinAsync(entry => (DateTime?)entry.QueuedAt, stoppingToken);
                var lag = oldest is { } queuedAt ? clock.GetUtcNow().UtcDateTime - DateTime.SpecifyKind(queuedAt, DateTimeKind.Utc) : TimeSpan.Zero;
                metrics.LinkQueueSampled(depth, lag < TimeSpan.Zero ? TimeSpan.Zero : lag);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // The database is away: readiness says so; the gauges keep their last sample.
                LogUnavailable(exception.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "The link queue could not be sampled ({Reason})")]
    private partial void LogUnavailable(string reason);
}
