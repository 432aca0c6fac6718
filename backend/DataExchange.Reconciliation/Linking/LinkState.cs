using DataExchange.Matching.Features;
using DataExchange.Matching.Incremental;
using DataExchange.Matching.Scoring;

namespace DataExchange.Reconciliation.Linking;

/// <summary>
/// The in-memory linker: the matcher's <see cref="ChildIndex"/> over every active record, and the mapping
/// between the index's clusters and the database's children. Index slots are append-only: a changed record
/// gets a new slot and its old one is only forgotten here (it stays a blocking candidate in the index until the
/// next reload, which happens after any steward decision or failed write). Each record's linked version is kept beside
/// its slot, so that a host catching up on what other hosts linked can tell a changed record from an unchanged one
/// (<see cref="LinkStateCatchUp"/>).
/// </summary>
internal sealed class LinkState
{
    private readonly Dictionary<int, long> childOfCluster = [];
    private readonly Dictionary<long, int> clusterOfChild = [];
    private readonly List<long> recordOfSlot; // Parallel to Features: slots are append-only.

    public LinkState(List<RecordFeatures> features, List<long> recordIds, IReadOnlyList<int> versions, int[] clusters, IReadOnlyDictionary<int, long> children, Scorer scorer)
    {
        Features = features;
        Frequencies = TermFrequencies.Count(features);
        Index = new ChildIndex(features, clusters, scorer, Frequencies);
        recordOfSlot = [.. recordIds];
        for (var slot = 0; slot < recordIds.Count; slot++)
        {
            SlotOf[recordIds[slot]] = slot;
            VersionOf[recordIds[slot]] = versions[slot];
            ClusterOfSlot[slot] = clusters[slot];
            Members(clusters[slot]).Add(slot);
        }

        foreach (var (cluster, child) in children)
        {
            Map(cluster, child);
        }
    }

    public ChildIndex Index { get; }
    public TermFrequencies Frequencies { get; }
    public List<RecordFeatures> Features { get; }
    public Dictionary<long, int> SlotOf { get; } = [];

    /// <summary>The version each indexed record was linked at (same keys as <see cref="SlotOf"/>).</summary>
    public Dictionary<long, int> VersionOf { get; } = [];

    /// <summary>Slots of forgotten records, still blocking candidates in <see cref="Index"/> until the next reload.</summary>
    public int DeadSlots => Features.Count - SlotOf.Count;
    public Dictionary<int, List<int>> MembersOf { get; } = [];
    public Dictionary<int, int> ClusterOfSlot { get; } = [];

    public void Map(int cluster, long child)
    {
        childOfCluster[cluster] = child;
        clusterOfChild[child] = cluster;
    }

    public long? ChildOf(int cluster) => childOfCluster.TryGetValue(cluster, out var child) ? child : null;

    public int? ClusterOf(long child) => clusterOfChild.TryGetValue(child, out var cluster) ? cluster : null;

    public List<int> Members(int cluster)
    {
        if (!MembersOf.TryGetValue(cluster, out var list))
        {
            MembersOf[cluster] = list = [];
        }

        return list;
    }

    /// <summary>The record a slot holds, if that slot is still the record's current one (not forgotten).</summary>
    public long? RecordAt(int slot) =>
        slot < recordOfSlot.Count && SlotOf.TryGetValue(recordOfSlot[slot], out var current) && current == slot ? recordOfSlot[slot] : null;

    /// <summary>Forgets a record's current slot (changed or retracted).</summary>
    public void Forget(long recordId)
    {
        VersionOf.Remove(recordId);
        if (SlotOf.Remove(recordId, out var slot) && ClusterOfSlot.Remove(slot, out var cluster))
        {
            Members(cluster).Remove(slot);
        }
    }

    /// <summary>Adds a record to the index in the cluster decided (a new cluster when <paramref name="cluster"/> is null).</summary>
    public int Add(long recordId, int version, RecordFeatures features, int? cluster, double score)
    {
        var decision = cluster is { } target
            ? new LinkDecision(DecisionKind.Link, target, score, [])
            : new LinkDecision(DecisionKind.NewChild, -1, score, []);
        var slot = Features.Count;
        var assigned = Index.Add(features, decision);
        Features.Add(features);
        recordOfSlot.Add(recordId);
        SlotOf[recordId] = slot;
        VersionOf[recordId] = version;
        ClusterOfSlot[slot] = assigned;
        Members(assigned).Add(slot);
        return assigned;
    }
}
