using System.Text.Json;
using System.Text.Json.Serialization;
using DataExchange.Data;
using Microsoft.EntityFrameworkCore;

namespace DataExchange.Reconciliation.Stewardship;

/// <summary>
/// The state a steward decision changes, captured before and after it: the children involved (active, merged
/// into, overrides), which of their records belong to which child, and the candidates and conflicts decided.
/// Restoring the "before" snapshot reverses the decision exactly; the golden record follows from it.
/// </summary>
public sealed class Snapshot
{
    [JsonPropertyName("children")] public List<ChildState> Children { get; set; } = [];
    [JsonPropertyName("links")] public List<LinkState> Links { get; set; } = [];
    [JsonPropertyName("candidates")] public List<CandidateState> Candidates { get; set; } = [];
    [JsonPropertyName("conflicts")] public List<ConflictState> Conflicts { get; set; } = [];

    public sealed record ChildState(long Id, bool Active, long? MergedIntoId, string OverridesJson);
    public sealed record LinkState(long RecordId, long ChildId);
    public sealed record CandidateState(long Id, string Status, int RecordAVersion, int RecordBVersion);
    public sealed record ConflictState(long Id, string Status, string ResolutionJson);

    public static async Task<Snapshot> TakeAsync(ExchangeDbContext db, IReadOnlyCollection<long> childIds, IReadOnlyCollection<long> candidateIds,
        IReadOnlyCollection<long> conflictIds, CancellationToken cancellationToken) => new()
    {
        Children = await db.Children.Where(c => childIds.Contains(c.Id)).OrderBy(c => c.Id)
            .Select(c => new ChildState(c.Id, c.Active, c.MergedIntoId, c.OverridesJson)).ToListAsync(cancellationToken),
        Links = await db.RecordLinks.Where(l => childIds.Contains(l.ChildId)).OrderBy(l => l.SourceRecordId)
            .Select(l => new LinkState(l.SourceRecordId, l.ChildId)).ToListAsync(cancellationToken),
        Candidates = await db.MatchCandidates.Where(c => candidateIds.Contains(c.Id))
            .Select(c => new CandidateState(c.Id, c.Status, c.RecordAVersion, c.RecordBVersion)).ToListAsync(cancellationToken),
        Conflicts = await db.Conflicts.Where(c => conflictIds.Contains(c.Id))
            .Select(c => new ConflictState(c.Id, c.Status, c.ResolutionJson)).ToListAsync(cancellationToken),
    };

    /// <summary>Puts the captured rows back as they were; returns the children whose golden record must be recomputed.</summary>
    public async Task<HashSet<long>> RestoreAsync(ExchangeDbContext db, DateTime now, CancellationToken cancellationToken)
    {
        var childIds = Children.Select(c => c.Id).ToList();
        var recordIds = Links.Select(l => l.RecordId).ToList();
        var touched = new HashSet<long>(childIds);
        var children = await db.Children.Where(c => childIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
        foreach (var state in Children)
        {
            var child = children[state.Id];
            child.Active = state.Active;
            child.MergedIntoId = state.MergedIntoId;
            child.OverridesJson = state.OverridesJson;
        }

        var links = await db.RecordLinks.Where(l => recordIds.Contains(l.SourceRecordId)).ToDictionaryAsync(l => l.SourceRecordId, cancellationToken);
        foreach (var state in Links)
        {
            if (links.TryGetValue(state.RecordId, out var link) && link.ChildId != state.ChildId)
            {
                touched.Add(link.ChildId);
                link.ChildId = state.ChildId;
                link.Method = "steward";
                link.LinkedAt = now;
            }
        }

        var candidateIds = Candidates.Select(c => c.Id).ToList();
        var candidates = await db.MatchCandidates.Where(c => candidateIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
        foreach (var state in Candidates)
        {
            var candidate = candidates[state.Id];
            (candidate.Status, candidate.RecordAVersion, candidate.RecordBVersion) = (state.Status, state.RecordAVersion, state.RecordBVersion);
            candidate.Version++;
            candidate.UpdatedAt = now;
        }

        var conflictIds = Conflicts.Select(c => c.Id).ToList();
        var conflicts = await db.Conflicts.Where(c => conflictIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
        foreach (var state in Conflicts)
        {
            var conflict = conflicts[state.Id];
            (conflict.Status, conflict.ResolutionJson) = (state.Status, state.ResolutionJson);
            conflict.Version++;
            conflict.UpdatedAt = now;
        }

        return touched;
    }

    public string Serialize() => JsonSerializer.Serialize(this);

    public static Snapshot Deserialize(string json) => JsonSerializer.Deserialize<Snapshot>(json) ?? new Snapshot();
}
