using DataExchange.Data;
using DataExchange.Matching.Features;
using Microsoft.EntityFrameworkCore;

namespace DataExchange.Reconciliation.Linking;

/// <summary>
/// Brings a host's in-memory index up to date with what other hosts' units committed since this host's last unit,
/// instead of reloading every record of the hub (seconds at millions of records, for one inline link on a host that
/// does not hold the linker lease).
/// <para>
/// Why this is complete: every unit that changes a link, or the version a record is linked at, writes a change event
/// for each child it touched (the holdings digest names each record version), and all such units hold the writer lock,
/// so events are numbered in commit order. The children named by the events after <c>seen</c> are therefore every child
/// whose records changed; their current records, read from the database, are compared with the index.
/// </para>
/// <para>
/// What it applies is exactly what this host's own linker would have done for the same records: a new record is added
/// to its child's cluster (a child the index does not know gets a new cluster), a changed version replaces the record's
/// slot in the same child, a retracted or unlinked record is forgotten. A record that moved from one child to another
/// (a steward's merge or split, or a relink) is not patched: the index would keep the old slot inside the old child,
/// which a reload does not, so then, and when the changes are large next to the index (a reload is then cheaper, and
/// forgotten slots stay bounded), the caller reloads instead.
/// </para>
/// </summary>
internal static class LinkStateCatchUp
{
    // Children read per query (one parameter list each).
    private const int Chunk = 5_000;

    /// <summary>
    /// Applies the changes of events after <paramref name="seen"/> up to <paramref name="newest"/> to
    /// <paramref name="state"/>. False (and <paramref name="state"/> untouched) when the caller must reload instead.
    /// </summary>
    public static async Task<bool> TryApplyAsync(ExchangeDbContext db, LinkState state, long seen, long newest, CancellationToken cancellationToken)
    {
        if (newest < seen)
        {
            return false; // The database went back (restored): nothing known about this index holds.
        }

        var live = state.SlotOf.Count;
        var budget = Math.Max(1_000, live / 2) - state.DeadSlots;
        var children = await db.ChangeEvents.AsNoTracking().Where(change => change.Sequence > seen && change.Sequence <= newest)
            .Select(change => change.ChildId).Distinct().ToListAsync(cancellationToken);
        if (children.Count > budget)
        {
            return false;
        }

        var rows = new List<LinkedRow>();
        foreach (var chunk in children.Chunk(Chunk))
        {
            rows.AddRange(await LinkStateLoader.Linked(db, db.RecordLinks.Where(link => EF.Parameter(chunk).Contains(link.ChildId))).ToListAsync(cancellationToken));
        }

        // Plan first, change nothing until the whole catch-up is known to be one the index can take.
        var current = rows.Select(row => row.Id).ToHashSet();
        var gone = new List<long>();
        foreach (var child in children)
        {
            if (state.ClusterOf(child) is { } cluster)
            {
                gone.AddRange(state.Members(cluster).Select(state.RecordAt).OfType<long>().Where(id => !current.Contains(id)));
            }
        }

        var changed = new List<LinkedRow>();
        foreach (var row in rows)
        {
            if (!state.SlotOf.TryGetValue(row.Id, out var slot))
            {
                changed.Add(row);
                continue;
            }

            if (state.ClusterOf(row.ChildId) is not { } cluster || state.ClusterOfSlot[slot] != cluster)
            {
                return false; // Moved between children.
            }

            if (state.VersionOf[row.Id] != row.RecordVersion)
            {
                changed.Add(row);
            }
        }

        if (gone.Count + changed.Count(row => state.SlotOf.ContainsKey(row.Id)) > budget)
        {
            return false;
        }

        foreach (var id in gone)
        {
            state.Forget(id);
        }

        var features = new RecordFeatures[changed.Count];
        Parallel.For(0, changed.Count, i => features[i] = changed[i].Features());
        // In id order, as the other host's linker added them.
        foreach (var i in Enumerable.Range(0, changed.Count).OrderBy(i => changed[i].Id))
        {
            var row = changed[i];
            state.Frequencies.Apply(features[i]); // As ChildIndex.Decide does for a record this host links itself.
            state.Forget(row.Id);
            var known = state.ClusterOf(row.ChildId);
            var cluster = state.Add(row.Id, row.RecordVersion, features[i], known, 0);
            if (known is null)
            {
                state.Map(cluster, row.ChildId);
            }
        }

        return true;
    }
}
