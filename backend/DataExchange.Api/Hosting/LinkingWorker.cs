using DataExchange.Data.Signals;
using DataExchange.Reconciliation;

namespace DataExchange.Api.Hosting;

/// <summary>
/// The background linker: drains the link queue (record versions stored by batches, imports, and anything an
/// inline link did not finish) through the Reconciler, a slice at a time, oldest first. It wakes when this host
/// stores records and polls otherwise, for records stored by another process. A failing slice is retried after a
/// pause: its queue entries stay until the links that consume them commit.
/// </summary>
public sealed partial class LinkingWorker(Reconciler reconciler, PendingLinkSignal pending, IConfiguration configuration, ILogger<LinkingWorker> logger)
    : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan RetryPause = TimeSpan.FromSeconds(5);

    // Larger slices amortise each pass's queries; smaller ones hold the (SQLite) write lock for less time.
    private readonly int sliceSize = Math.Max(1, configuration.GetValue("Reconciliation:LinkSliceSize", 2000));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            // Taken before reading the queue, so records stored during a pass wake the next one.
            var wake = pending.WaitAsync(PollInterval, stoppingToken);
            try
            {
                var outcome = await reconciler.LinkQueuedAsync(sliceSize, stoppingToken);
                if (outcome.Consumed > 0)
                {
                    LogSlice(outcome.Consumed, outcome.Linked, outcome.NewChildren, outcome.ReviewCandidates);
                    continue;
                }

                await wake;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogFailure(exception, RetryPause.TotalSeconds);
                await Task.Delay(RetryPause, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Linked {Consumed} queued record versions: {Linked} to existing children, {NewChildren} new children, {ReviewCandidates} for review")]
    private partial void LogSlice(int consumed, int linked, int newChildren, int reviewCandidates);

    [LoggerMessage(Level = LogLevel.Error, Message = "Linking queued records failed; retrying in {Seconds} s")]
    private partial void LogFailure(Exception exception, double seconds);
}
