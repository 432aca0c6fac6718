using DataExchange.Data.Entities.Reconciliation;
using DataExchange.Reconciliation.Children;

namespace DataExchange.Reconciliation.Linking;

/// <summary>
/// The batch link's composing of one chunk of new children (<see cref="ChildRefresher.Compose"/>, then
/// <see cref="ChildRefresher.Findings"/>): started on background workers while the writing thread writes the previous
/// chunk, and joined by the writing thread itself once it needs this chunk (<see cref="FinishAsync"/>). Before, the
/// writer waited idle for a chunk composed by a fixed number of workers: on two cores one core did nothing for that
/// wait, which was most of the linking's time on SQLite once the writes had been made cheap.
/// <para>
/// Deterministic whatever the threads: the children (and their time-ordered public ids) are made in cluster order on
/// the calling thread when the chunk starts, and each child's result goes to its own slot; which thread composed a
/// child changes nothing, since composing is a pure function of the child's records.
/// </para>
/// </summary>
internal sealed class ChunkComposition
{
    // Children claimed at a time: small enough that the threads finish together, large enough that claiming costs nothing.
    private const int ClaimSize = 64;

    private readonly List<BatchRecord>?[] members;
    private readonly int first;
    private readonly ChildEntity[] children;
    private readonly FreshRows[] fresh;
    private readonly DateOnly today;
    private readonly DateTime now;
    private readonly CancellationToken cancellationToken;
    private readonly Task background;
    private int claimed;

    private ChunkComposition(List<BatchRecord>?[] members, int first, int count, DateOnly today, DateTime now, int workers, CancellationToken cancellationToken)
    {
        this.members = members;
        this.first = first;
        this.today = today;
        this.now = now;
        this.cancellationToken = cancellationToken;
        children = new ChildEntity[count];
        for (var j = 0; j < count; j++)
        {
            children[j] = Reconciler.NewChild(now);
        }

        fresh = new FreshRows[count];
        background = workers <= 0 ? Task.CompletedTask : Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(Work, cancellationToken)));
    }

    /// <summary>
    /// Starts composing clusters <paramref name="first"/>.. (at most <paramref name="chunk"/>) on <paramref name="workers"/>
    /// background workers (none: all of it is done by <see cref="FinishAsync"/>'s caller).
    /// </summary>
    public static ChunkComposition Start(List<BatchRecord>?[] members, int first, int chunk, DateOnly today, DateTime now, int workers,
        CancellationToken cancellationToken) =>
        new(members, first, Math.Max(0, Math.Min(chunk, members.Length - first)), today, now, workers, cancellationToken);

    /// <summary>Completes when the background workers have stopped (whether they finished, failed or were cancelled).</summary>
    public Task Stopped => background.ContinueWith(_ => { }, TaskScheduler.Default);

    /// <summary>
    /// Composes what the workers have not claimed yet on this thread, waits for the rest, and lets go of the chunk's stored
    /// records: the children and their findings' rows are all the writer needs.
    /// </summary>
    public async Task<(ChildEntity[] Children, FreshRows[] Fresh)> FinishAsync()
    {
        Work();
        await background;
        Array.Clear(members, first, children.Length);
        return (children, fresh);
    }

    private void Work()
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var start = Interlocked.Add(ref claimed, ClaimSize) - ClaimSize;
            if (start >= children.Length)
            {
                return;
            }

            // A child's linked records and golden record are kept only until its findings are found, not until the chunk is
            // written: they then die young instead of surviving collections while the chunk waits (less for the GC to copy).
            for (var j = start; j < Math.Min(start + ClaimSize, children.Length); j++)
            {
                var linked = (members[first + j] ?? []).OrderBy(record => record.Id).Select(record => record.Linked()).ToList();
                fresh[j] = ChildRefresher.Findings(ChildRefresher.Compose(children[j], linked), today, now);
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
    }
}
