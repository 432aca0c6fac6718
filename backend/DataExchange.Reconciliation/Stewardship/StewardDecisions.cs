using System.Text.Json;
using DataExchange.Data;
using DataExchange.Data.Entities.Reconciliation;
using DataExchange.Domain.Errors;
using DataExchange.Reconciliation.Children;
using Microsoft.EntityFrameworkCore;

namespace DataExchange.Reconciliation.Stewardship;

/// <summary>
/// What a data steward decides: a review candidate (same child or not), a merge, a split, a conflict's value,
/// an alert's status, and the reversal of any of these. Every decision names the version it was taken on
/// (optimistic concurrency: the second of two stewards gets a <see cref="ConflictException"/> with the current
/// state), is stored with the state before and after it, and runs under the reconciler's writer gate.
/// </summary>
public sealed class StewardDecisions(IDbContextFactory<ExchangeDbContext> contexts, TimeProvider clock, Reconciler reconciler, AsOfDate asOf)
{
    /// <summary>
    /// Same child: merges the two records' children. Not the same: remembered against the records' versions; refused
    /// (<see cref="ConflictException"/>, naming the child) when the two records are already in one child, which only a split separates.
    /// </summary>
    public Task<long> DecideCandidateAsync(long candidateId, int expectedVersion, bool sameChild, string steward, string reason, CancellationToken cancellationToken) =>
        DecideAsync(sameChild ? "same_child" : "not_same_child", $"candidate:{candidateId}", steward, reason, async (db, now) =>
        {
            var candidate = await db.MatchCandidates.SingleOrDefaultAsync(c => c.Id == candidateId, cancellationToken)
                ?? throw new NotFoundException($"No review candidate {candidateId}.");
            if (candidate.Version != expectedVersion || candidate.Status != "open")
            {
                throw new ConflictException($"Review candidate {candidateId} is now version {candidate.Version}, status {candidate.Status}; you decided on version {expectedVersion}.");
            }

            var links = await db.RecordLinks.Where(l => l.SourceRecordId == candidate.RecordAId || l.SourceRecordId == candidate.RecordBId).ToListAsync(cancellationToken);
            var a = links.Single(l => l.SourceRecordId == candidate.RecordAId).ChildId;
            var b = links.Single(l => l.SourceRecordId == candidate.RecordBId).ChildId;
            if (!sameChild && a == b)
            {
                // Recording "not the same" while both records stay in one child would be a judgment the hub ignores.
                var child = await db.Children.Where(c => c.Id == a).Select(c => c.PublicId).SingleAsync(cancellationToken);
                throw new ConflictException($"Review candidate {candidateId}: both records are already in child {child}; to separate them, split that child (SplitChild) naming the records that are another child.");
            }

            var before = await Snapshot.TakeAsync(db, [a, b], [candidateId], [], cancellationToken);
            candidate.Status = sameChild ? "same" : "not_same";
            candidate.Version++;
            candidate.UpdatedAt = now;
            if (sameChild && a != b)
            {
                await MoveAsync(db, from: b, into: a, now, cancellationToken);
                return (before, new HashSet<long> { a, b }, new Dictionary<long, string> { [a] = "merged", [b] = "merged" });
            }

            return (before, new HashSet<long>(), new Dictionary<long, string>());
        }, cancellationToken);

    /// <summary>Merges <paramref name="absorbed"/> into <paramref name="survivor"/>: its records move, it points to the survivor.</summary>
    public Task<long> MergeAsync(string survivor, int survivorVersion, string absorbed, int absorbedVersion, string steward, string reason, CancellationToken cancellationToken) =>
        DecideAsync("merge", $"child:{survivor}", steward, reason, async (db, now) =>
        {
            var into = await ChildAtAsync(db, survivor, survivorVersion, cancellationToken);
            var from = await ChildAtAsync(db, absorbed, absorbedVersion, cancellationToken);
            if (into.Id == from.Id)
            {
                throw new ValidationException([new("absorbed_child_id", "is the surviving child itself")]);
            }

            var before = await Snapshot.TakeAsync(db, [into.Id, from.Id], [], [], cancellationToken);
            await MoveAsync(db, from.Id, into.Id, now, cancellationToken);
            return (before, new HashSet<long> { into.Id, from.Id }, new Dictionary<long, string> { [into.Id] = "merged", [from.Id] = "merged" });
        }, cancellationToken);

    /// <summary>
    /// Moves records out of a child into a child of their own. When they are exactly the records an earlier merge
    /// brought in, that merged-away child comes back (same id, same overrides): the state before the merge.
    /// </summary>
    public Task<long> SplitAsync(string childId, int expectedVersion, IReadOnlyList<(string Agency, string SourceId)> records, string steward, string reason, CancellationToken cancellationToken) =>
        DecideAsync("split", $"child:{childId}", steward, reason, async (db, now) =>
        {
            var child = await ChildAtAsync(db, childId, expectedVersion, cancellationToken);
            var links = await db.RecordLinks.Where(l => l.ChildId == child.Id)
                .Join(db.SourceRecords, l => l.SourceRecordId, r => r.Id, (l, r) => new { Link = l, r.Agency, r.SourceId }).ToListAsync(cancellationToken);
            var moving = links.Where(x => records.Contains((x.Agency, x.SourceId))).Select(x => x.Link).ToList();
            if (moving.Count != records.Count || moving.Count == 0 || moving.Count == links.Count)
            {
                throw new ValidationException([new("records", "must name some, not all, of the child's records")]);
            }

            var movingIds = moving.Select(l => l.SourceRecordId).ToHashSet();
            var target = await MergedAwayHoldingAsync(db, child.Id, movingIds, cancellationToken);
            if (target is null)
            {
                target = Reconciler.NewChild(now);
                db.Children.Add(target);
                await db.SaveChangesAsync(cancellationToken);
            }

            var before = await Snapshot.TakeAsync(db, [child.Id, target.Id], [], [], cancellationToken);
            target.Active = true;
            target.MergedIntoId = null;
            foreach (var link in moving)
            {
                link.ChildId = target.Id;
                link.Method = "steward";
                link.LinkedAt = now;
            }

            return (before, new HashSet<long> { child.Id, target.Id }, new Dictionary<long, string> { [child.Id] = "split", [target.Id] = "split" });
        }, cancellationToken);

    /// <summary>Settles a conflict with one source's value, or a corrected value: the golden record takes it until reversed.</summary>
    public Task<long> ResolveConflictAsync(long conflictId, int expectedVersion, (string Agency, string SourceId)? chosen, string? corrected, string steward, string reason, CancellationToken cancellationToken) =>
        DecideAsync("resolve_conflict", $"conflict:{conflictId}", steward, reason, async (db, now) =>
        {
            var conflict = await db.Conflicts.SingleOrDefaultAsync(c => c.Id == conflictId, cancellationToken)
                ?? throw new NotFoundException($"No conflict {conflictId}.");
            if (conflict.Version != expectedVersion || conflict.Status != "open")
            {
                throw new ConflictException($"Conflict {conflictId} is now version {conflict.Version}, status {conflict.Status}; you decided on version {expectedVersion}.");
            }

            if (reason.Trim().Length == 0)
            {
                throw new ValidationException([new("reason", "is required")]);
            }

            var values = ConflictJson.Deserialize(conflict.ValuesJson);
            FieldOverride correction;
            if (chosen is { } source)
            {
                var side = values.FirstOrDefault(v => v.Agency == source.Agency && v.SourceId == source.SourceId)
                    ?? throw new ValidationException([new("chosen", $"{source.Agency}/{source.SourceId} is not a side of this conflict")]);
                correction = new FieldOverride(side.Value, reason, steward, now, side.Agency, side.SourceId, side.Version);
            }
            else if (corrected is { Length: > 0 } value)
            {
                correction = new FieldOverride(value, reason, steward, now);
            }
            else
            {
                throw new ValidationException([new("choice", "choose a source or enter a corrected value")]);
            }

            var before = await Snapshot.TakeAsync(db, [conflict.ChildId], [], [conflictId], cancellationToken);
            var child = await db.Children.SingleAsync(c => c.Id == conflict.ChildId, cancellationToken);
            var overrides = GoldenJson.DeserializeOverrides(child.OverridesJson);
            // Internal inconsistencies (ID vs birth date, ...) are settled on the field they concern.
            overrides[conflict.Field] = correction;
            child.OverridesJson = GoldenJson.SerializeOverrides(overrides);
            conflict.Status = "resolved";
            conflict.ResolutionJson = JsonSerializer.Serialize(correction);
            conflict.Version++;
            conflict.UpdatedAt = now;
            return (before, new HashSet<long> { child.Id }, new Dictionary<long, string> { [child.Id] = "changed" });
        }, cancellationToken);

    /// <summary>Acknowledges or closes an alert (or reopens it).</summary>
    public Task<long> SetAlertStatusAsync(long alertId, int expectedVersion, string status, string steward, string reason, CancellationToken cancellationToken) =>
        DecideAsync("alert_status", $"alert:{alertId}", steward, reason, async (db, now) =>
        {
            if (status is not ("open" or "acknowledged" or "closed"))
            {
                throw new ValidationException([new("status", "must be open, acknowledged or closed")]);
            }

            var alert = await db.Alerts.SingleOrDefaultAsync(a => a.Id == alertId, cancellationToken) ?? throw new NotFoundException($"No alert {alertId}.");
            if (alert.Version != expectedVersion)
            {
                throw new ConflictException($"Alert {alertId} is now version {alert.Version}, status {alert.Status}; you decided on version {expectedVersion}.");
            }

            alert.Status = status;
            alert.Version++;
            alert.UpdatedAt = now;
            return (new Snapshot(), new HashSet<long>(), new Dictionary<long, string>());
        }, cancellationToken);

    /// <summary>Reverses a decision by restoring the state before it; the reversal is itself a decision.</summary>
    public Task<long> ReverseAsync(long decisionId, string steward, string reason, CancellationToken cancellationToken) =>
        DecideAsync("reverse", $"decision:{decisionId}", steward, reason, async (db, now) =>
        {
            var decision = await db.StewardDecisions.SingleOrDefaultAsync(d => d.Id == decisionId, cancellationToken)
                ?? throw new NotFoundException($"No decision {decisionId}.");
            if (decision.ReversedById is { } by)
            {
                throw new ConflictException($"Decision {decisionId} was already reversed by decision {by}.");
            }

            var restore = Snapshot.Deserialize(decision.BeforeJson);
            var after = Snapshot.Deserialize(decision.AfterJson);
            var current = await Snapshot.TakeAsync(db, [.. restore.Children.Select(c => c.Id)], [.. restore.Candidates.Select(c => c.Id)],
                [.. restore.Conflicts.Select(c => c.Id)], cancellationToken);
            if (current.Serialize() != after.Serialize())
            {
                throw new ConflictException($"Decision {decisionId} cannot be reversed: its children changed since (reverse the later decisions first).");
            }

            var touched = await restore.RestoreAsync(db, now, cancellationToken);
            decision.ReversedById = -1;
            return (current, touched, touched.ToDictionary(id => id, _ => "changed"), decisionId);
        }, cancellationToken);

    private async Task<long> DecideAsync(string kind, string subject, string steward, string reason,
        Func<ExchangeDbContext, DateTime, Task<(Snapshot Before, HashSet<long> Touched, Dictionary<long, string> Kinds)>> decide, CancellationToken cancellationToken) =>
        await DecideAsync(kind, subject, steward, reason, async (db, now) =>
        {
            var (before, touched, kinds) = await decide(db, now);
            return (before, touched, kinds, (long?)null);
        }, cancellationToken);

    private Task<long> DecideAsync(string kind, string subject, string steward, string reason,
        Func<ExchangeDbContext, DateTime, Task<(Snapshot Before, HashSet<long> Touched, Dictionary<long, string> Kinds, long? Reverses)>> decide,
        CancellationToken cancellationToken) =>
        reconciler.ExclusiveAsync(async () =>
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            // A retrying execution strategy (PostgreSQL, SQL Server) runs the whole unit, transaction included, per attempt.
            return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var now = clock.GetUtcNow().UtcDateTime;
                var (before, touched, kinds, reverses) = await decide(db, now);
                await db.SaveChangesAsync(cancellationToken);
                await ChildRefresher.RefreshAsync(db, touched, now, asOf.Today(), cancellationToken, kinds);
                var after = await Snapshot.TakeAsync(db, [.. before.Children.Select(c => c.Id)], [.. before.Candidates.Select(c => c.Id)],
                    [.. before.Conflicts.Select(c => c.Id)], cancellationToken);
                var record = new StewardDecisionEntity
                {
                    Kind = kind, Subject = subject, Steward = steward, Reason = reason,
                    BeforeJson = before.Serialize(), AfterJson = after.Serialize(), ReversesId = reverses, CreatedAt = now,
                };
                db.StewardDecisions.Add(record);
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                    if (reverses is { } reversed)
                    {
                        await db.StewardDecisions.Where(d => d.Id == reversed).ExecuteUpdateAsync(s => s.SetProperty(d => d.ReversedById, record.Id), cancellationToken);
                    }

                    await transaction.CommitAsync(cancellationToken);
                }
                catch (DbUpdateConcurrencyException)
                {
                    throw new ConflictException($"{subject} was changed by someone else while you decided; reload it and decide again.");
                }

                return record.Id;
            });
        }, cancellationToken);

    private static async Task<ChildEntity> ChildAtAsync(ExchangeDbContext db, string publicId, int expectedVersion, CancellationToken cancellationToken)
    {
        var child = await db.Children.SingleOrDefaultAsync(c => c.PublicId == publicId && c.Active, cancellationToken)
            ?? throw new NotFoundException($"No active child '{publicId}'.");
        return child.Version == expectedVersion ? child
            : throw new ConflictException($"Child {publicId} is now version {child.Version} ({child.RecordCount} records, name {child.Name}); you decided on version {expectedVersion}.");
    }

    private static async Task MoveAsync(ExchangeDbContext db, long from, long into, DateTime now, CancellationToken cancellationToken)
    {
        foreach (var link in await db.RecordLinks.Where(l => l.ChildId == from).ToListAsync(cancellationToken))
        {
            link.ChildId = into;
            link.Method = "steward";
            link.LinkedAt = now;
        }

        var absorbed = await db.Children.SingleAsync(c => c.Id == from, cancellationToken);
        absorbed.Active = false;
        absorbed.MergedIntoId = into;
    }

    /// <summary>The child an unreversed merge folded into <paramref name="survivor"/> with exactly these records, if any.</summary>
    private static async Task<ChildEntity?> MergedAwayHoldingAsync(ExchangeDbContext db, long survivor, HashSet<long> records, CancellationToken cancellationToken)
    {
        var merges = await db.StewardDecisions.Where(d => (d.Kind == "merge" || d.Kind == "same_child") && d.ReversedById == null)
            .OrderByDescending(d => d.Id).Take(200).ToListAsync(cancellationToken);
        foreach (var merge in merges)
        {
            var before = Snapshot.Deserialize(merge.BeforeJson);
            var after = Snapshot.Deserialize(merge.AfterJson);
            var absorbed = after.Children.FirstOrDefault(c => c.MergedIntoId == survivor && !c.Active);
            if (absorbed is null)
            {
                continue;
            }

            var held = before.Links.Where(l => l.ChildId == absorbed.Id).Select(l => l.RecordId).ToHashSet();
            if (held.SetEquals(records))
            {
                return await db.Children.SingleAsync(c => c.Id == absorbed.Id, cancellationToken);
            }
        }

        return null;
    }
}
