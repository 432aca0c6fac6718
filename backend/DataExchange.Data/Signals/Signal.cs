namespace DataExchange.Data.Signals;

/// <summary>
/// An in-process wake-up: waiters complete at the next <see cref="Notify"/> or after their timeout. Waiters poll on
/// the timeout anyway, which covers writes made by another process (dx import, another host) that cannot notify.
/// </summary>
public class Signal
{
    private TaskCompletionSource signal = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Wakes everyone waiting now.</summary>
    public void Notify() => Interlocked.Exchange(ref signal, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>
    /// Completes at the next notification or after <paramref name="timeout"/>, whichever is first. Call it before
    /// reading what the signal announces, then await it, so a notification in between is not missed.
    /// </summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await Volatile.Read(ref signal).Task.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            // Poll anyway.
        }
    }
}

/// <summary>Record versions were queued for linking (see PendingLinkEntity): wakes the linker.</summary>
public sealed class PendingLinkSignal : Signal;
