namespace DataExchange.Reconciliation;

/// <summary>
/// Wakes change-feed subscribers when reconciliation commits, so they need not poll fast. In-process only:
/// subscribers also poll on a timeout, which covers writes made by another process (dx import, another host).
/// </summary>
public sealed class ChangeNotifier
{
    private TaskCompletionSource signal = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Called after a commit that appended change events.</summary>
    public void Notify() => Interlocked.Exchange(ref signal, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Completes at the next commit or after <paramref name="timeout"/>, whichever is first.</summary>
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
