using DataExchange.Data.Coordination;
using DataExchange.Data.Observability;
using DataExchange.Data.Providers;
using DataExchange.Data.Signals;
using DataExchange.Reconciliation;

namespace DataExchange.Api.Hosting;

/// <summary>
/// The background linker: drains the link queue (record versions stored by batches, imports, and anything an
/// inline link did not finish) through the Reconciler, a slice at a time, oldest first. It wakes when this host
/// stores records and polls otherwise, for records stored by another process.
/// <para>
/// A failing slice is not retried blindly: the worker goes on one entry at a time for a slice's worth of entries,
/// so good records keep flowing while the failing one is found; each failure of a one-entry slice is charged to
/// that entry, and after <see cref="Reconciler.MaxLinkAttempts"/> it is set aside (logged with its record id, kept
/// in the queue, retried at the next start). Queue entries stay until the links that consume them commit.
/// </para>
/// <para>
/// With several hosts on one PostgreSQL database every host runs this worker, but only the holder of the linker lease
/// (<see cref="ILinkerLease"/>) drains the queue; the others ask for the lease at every poll and take it over within
/// about a second of the holder's death. A new holder's first slice finds its index behind and catches it up (Reconciler).
/// </para>
/// </summary>
public sealed partial class LinkingWorker(Reconciler reconciler, PendingLinkSignal pending, ILinkCoordination coordination, HubMetrics metrics,
    IConfiguration configuration, ILogger<LinkingWorker> logger) : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    // Hosts without the lease ask for it this often, which bounds how long the queue waits when its holder dies.
    private static readonly TimeSpan LeasePollInterval = TimeSpan.FromSeconds(1);

    // Larger slices amortise each pass's queries; smaller ones hold the (SQLite) write lock for less time.
    private readonly int sliceSize = Math.Max(1, configuration.GetValue("Reconciliation:LinkSliceSize", Reconciler.DefaultLinkSliceSize));
    private readonly TimeSpan retryPause = TimeSpan.FromMilliseconds(Math.Max(0, configuration.GetValue("Reconciliation:RetryPauseMilliseconds", 5000)));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // Let the host finish starting.
        var isolating = 0; // One-entry passes left before whole slices again.
        var startedOver = false; // Entries set aside by an earlier run get one more chance, once per start.
        while (!stoppingToken.IsCancellationRequested)
        {
            // Taken before reading the queue, so records stored during a pass wake the next one.
            var wake = pending.WaitAsync(PollInterval, stoppingToken);
            try
            {
                var held = await coordination.Lease.HoldAsync(stoppingToken);
                metrics.LinkerLease(held); // dx.linker.lease.held: which host links, for the operator.
                if (!held)
                {
                    isolating = 0;
                    await Task.Delay(LeasePollInterval, stoppingToken);
                    continue;
                }

                if (!startedOver)
                {
                    startedOver = true;
                    if (await reconciler.RetrySetAsideAsync(stoppingToken) is > 0 and var retried)
                    {
                        LogRetrying(retried);
                    }
                }

                var outcome = await reconciler.LinkQueuedAsync(isolating > 0 ? 1 : sliceSize, stoppingToken);
                if (outcome.Consumed > 0)
                {
                    isolating = Math.Max(0, isolating - 1);
                    LogSlice(outcome.Consumed, outcome.Linked, outcome.NewChildren, outcome.ReviewCandidates);
                    continue;
                }

                isolating = 0;
                await wake;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (DatabaseFailures.IsUnavailable(exception))
            {
                // The database is down or restarting: no entry is at fault, so none is isolated or charged (five charges
                // would set a good record aside). Wait and try again; the lease is checked again first.
                isolating = 0;
                LogUnavailable(exception.Message);
                await Task.Delay(retryPause, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
            catch (Exception exception)
            {
                if (isolating == 0 && sliceSize > 1)
                {
                    isolating = sliceSize;
                    LogIsolating(exception);
                    continue;
                }

                await ChargeAsync(exception, stoppingToken);
                await Task.Delay(retryPause, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task ChargeAsync(Exception failure, CancellationToken stoppingToken)
    {
        try
        {
            var record = await reconciler.ChargeFailureAsync(failure.GetType().Name + ": " + failure.Message, stoppingToken);
            LogFailure(failure, record, retryPause.TotalSeconds);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The database itself is unreachable: nothing to charge, try again after the pause.
            LogFailure(failure, null, retryPause.TotalSeconds);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Linked {Consumed} queued record versions: {Linked} to existing children, {NewChildren} new children, {ReviewCandidates} for review")]
    private partial void LogSlice(int consumed, int linked, int newChildren, int reviewCandidates);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Linking a slice failed; linking one record at a time to find the failing one")]
    private partial void LogIsolating(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Linking source record {RecordId} failed; retrying in {Seconds} s (set aside after repeated failures)")]
    private partial void LogFailure(Exception exception, long? recordId, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database cannot be reached ({Reason}); linking waits for it")]
    private partial void LogUnavailable(string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retrying {Count} queued record versions set aside after earlier failures")]
    private partial void LogRetrying(int count);
}
