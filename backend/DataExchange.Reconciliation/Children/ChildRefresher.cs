using DataExchange.Data;
using DataExchange.Data.Entities;
using DataExchange.Data.Entities.Reconciliation;
using DataExchange.Domain.Agencies;
using DataExchange.Domain.Reconciliation;
using Microsoft.EntityFrameworkCore;

namespace DataExchange.Reconciliation.Children;

/// <summary>
/// Recomputes what follows from a set of children's linked records, inside the caller's unit of work:
/// the golden record (survivorship + steward overrides), conflicts (opened, kept or closed by key; a resolved
/// one stays resolved), alerts (opened by key, never a second open one; closed when the rule no longer fires)
/// and one change-feed event per child that changed. Set-based: a handful of queries for any number of children.
/// </summary>
public static class ChildRefresher
{
    /// <param name="known">Records the caller already holds (the linker's slice): not read again.</param>
    /// <param name="asOf">The day the discovery rules judge against (<see cref="AsOfDate"/>).</param>
    public static async Task RefreshAsync(ExchangeDbContext db, IReadOnlyCollection<long> childIds, DateTime now, DateOnly asOf, CancellationToken cancellationToken,
        IReadOnlyDictionary<long, string>? eventKinds = null, IReadOnlyDictionary<long, SourceRecordEntity>? known = null,
        IReadOnlyCollection<ComposedChild>? composed = null)
    {
        foreach (var fresh in composed ?? [])
        {
            var rows = Findings(fresh, asOf, now);
            db.ChildHoldings.AddRange(rows.Holdings);
            db.Conflicts.AddRange(rows.Conflicts);
            db.Alerts.AddRange(rows.Alerts);
            db.ChangeEvents.Add(rows.Created);
        }

        var ids = childIds.Distinct().Except(composed?.Select(fresh => fresh.Child.Id) ?? []).ToList();
        if (ids.Count == 0)
        {
            return;
        }

        var children = await db.Children.Where(child => EF.Parameter(ids).Contains(child.Id)).ToDictionaryAsync(child => child.Id, cancellationToken);
        var links = await db.RecordLinks.Where(link => EF.Parameter(ids).Contains(link.ChildId))
            .Select(link => new { link.ChildId, link.SourceRecordId }).ToListAsync(cancellationToken);
        var missing = links.Select(link => link.SourceRecordId).Where(id => known?.ContainsKey(id) != true).ToList();
        var loaded = missing.Count == 0
            ? []
            : await db.SourceRecords.AsNoTracking().Where(record => EF.Parameter(missing).Contains(record.Id)).ToDictionaryAsync(record => record.Id, cancellationToken);
        var recordsOf = links
            .Select(link => (link.ChildId, Record: known?.GetValueOrDefault(link.SourceRecordId) ?? loaded.GetValueOrDefault(link.SourceRecordId)))
            .Where(row => row.Record is { Retracted: false })
            .ToLookup(row => row.ChildId, row => row.Record!);
        var conflicts = (await db.Conflicts.Where(conflict => EF.Parameter(ids).Contains(conflict.ChildId)).ToListAsync(cancellationToken)).ToLookup(c => c.ChildId);
        var alerts = (await db.Alerts.Where(alert => EF.Parameter(ids).Contains(alert.ChildId)).ToListAsync(cancellationToken)).ToLookup(a => a.ChildId);
        var holdings = (await db.ChildHoldings.Where(holding => EF.Parameter(ids).Contains(holding.ChildId)).ToListAsync(cancellationToken)).ToLookup(h => h.ChildId);

        foreach (var id in ids)
        {
            if (!children.TryGetValue(id, out var child))
            {
                continue;
            }

            var records = recordsOf[id].OrderBy(record => record.Id).ToList();
            var kind = eventKinds?.GetValueOrDefault(id);
            var (linked, golden, changed) = SetState(child, [.. records.Select(StoredRecord.Linked)]);
            var alerted = SyncFindings(conflict => db.Conflicts.Add(conflict), alert => db.Alerts.Add(alert), child, linked, golden, conflicts[id], alerts[id], asOf, now);
            // Which agencies' own records of the child changed: only they hear of this change (see ChildHoldings).
            var told = ChildHoldings.Sync(db, child.Id, child.Active ? linked : [], holdings[id], kind is "merged" or "split" ? kind : null);
            if (kind is null && !changed && !alerted && told == ",")
            {
                continue;
            }

            kind ??= !child.Active ? "removed" : alerted ? "alerted" : "changed";
            child.Version++;
            child.UpdatedAt = now;
            db.ChangeEvents.Add(NewEvent(child, kind, alerted && kind != "alerted" ? "alerted" : "", told, now));
        }
    }

    /// <summary>
    /// Gives a child created in this unit of work its state from its first records before it is inserted, so it is
    /// written once, complete, at version 1. Pass the result to <see cref="RefreshAsync"/> for its findings and event.
    /// </summary>
    public static ComposedChild Compose(ChildEntity child, List<SourceRecordEntity> records) =>
        Compose(child, [.. records.OrderBy(record => record.Id).Select(StoredRecord.Linked)]);

    /// <summary>As <see cref="Compose(ChildEntity, List{SourceRecordEntity})"/>, from the records already linked, in record id order.</summary>
    public static ComposedChild Compose(ChildEntity child, List<LinkedRecord> linked)
    {
        var (_, golden, _) = SetState(child, linked);
        child.Version = 1;
        return new ComposedChild(child, linked, golden);
    }

    /// <summary>
    /// What follows from a child created in this unit of work (<see cref="Compose"/>): its conflicts, alerts and holdings,
    /// and its "created" event. Touches no database and no shared state, so the batch link computes it for every new child
    /// in parallel and writes the rows in bulk. The child's key is only copied into the rows: computed before the child is
    /// inserted, they carry its key once <see cref="FreshRows.Attach"/> is given it.
    /// </summary>
    public static FreshRows Findings(ComposedChild fresh, DateOnly asOf, DateTime now)
    {
        var conflicts = new List<ConflictEntity>();
        var alerts = new List<AlertEntity>();
        var holdings = new List<ChildHoldingEntity>();
        var alerted = SyncFindings(conflicts.Add, alerts.Add, fresh.Child, fresh.Linked, fresh.Golden, [], [], asOf, now);
        var told = ChildHoldings.Sync(fresh.Child.Id, fresh.Linked, [], null, holdings.Add,
            _ => throw new InvalidOperationException("A new child has no stored holdings to remove."));
        return new FreshRows(holdings, conflicts, alerts, NewEvent(fresh.Child, "created", alerted ? "alerted" : "", told, now));
    }

    /// <param name="told">The agencies whose own records changed, with the kind each sees (ChildHoldings.Format).</param>
    private static ChangeEventEntity NewEvent(ChildEntity child, string kind, string detail, string told, DateTime now) => new()
    {
        ChildId = child.Id,
        ChildPublicId = child.PublicId,
        Kind = kind,
        Agencies = told,
        Detail = detail,
        CreatedAt = now,
    };

    /// <summary>Recomputes one child's golden record and membership from its records; Changed when either changed.</summary>
    private static (List<LinkedRecord> Linked, GoldenRecord Golden, bool Changed) SetState(ChildEntity child, List<LinkedRecord> linked)
    {
        var golden = Survivorship.Build(linked);
        var overrides = GoldenJson.DeserializeOverrides(child.OverridesJson);
        var goldenJson = GoldenJson.Serialize(GoldenJson.Compose(golden, overrides));
        var agencies = "," + string.Concat(linked.Select(r => r.Agency).Distinct().Order().Select(a => a.ToCode() + ","));
        var wasActive = child.Active;
        var changed = goldenJson != child.GoldenJson || agencies != child.Agencies || child.RecordCount != linked.Count;

        // A child whose every record was retracted disappears from reads; a merged-away child stays merged.
        child.Active = linked.Count > 0 && child.MergedIntoId is null;
        changed |= wasActive != child.Active;
        child.GoldenJson = goldenJson;
        child.Agencies = agencies;
        child.RecordCount = linked.Count;
        string Field(string name) => overrides.TryGetValue(name, out var correction) ? correction.Value : golden.Value(name);
        child.Name = Field("name");
        child.NamePinyin = NamePinyin.Of(child.Name);
        child.IdNumber = Field("id_number");
        child.BirthDate = Field("birth_date");
        child.RegionCode = Field("region_code");
        child.Category = Field("category");
        return (linked, golden, changed);
    }

    /// <summary>Opens, keeps and closes the child's conflicts and alerts; true when an alert was opened.</summary>
    /// <param name="addConflict">Takes a new conflict row (stored ones are changed in place).</param>
    /// <param name="addAlert">Takes a new alert row (stored ones are changed in place).</param>
    private static bool SyncFindings(Action<ConflictEntity> addConflict, Action<AlertEntity> addAlert, ChildEntity child, List<LinkedRecord> linked,
        GoldenRecord golden, IEnumerable<ConflictEntity> stored, IEnumerable<AlertEntity> storedAlerts, DateOnly asOf, DateTime now)
    {
        var found = child.Active ? ConflictDetector.Detect(linked) : [];
        SyncConflicts(addConflict, child.Id, found, stored.ToList(), now);
        var findings = child.Active ? DiscoveryRules.Evaluate(linked, golden, found, asOf) : [];
        return SyncAlerts(addAlert, child.Id, findings, storedAlerts.ToList(), now);
    }

    private static void SyncConflicts(Action<ConflictEntity> add, long childId, IReadOnlyList<Conflict> found, List<ConflictEntity> stored, DateTime now)
    {
        var byKey = stored.ToDictionary(conflict => conflict.Key, StringComparer.Ordinal);
        foreach (var conflict in found)
        {
            var key = StoredKey.Of(conflict.Key);
            var values = ConflictJson.Serialize(conflict.Values);
            if (byKey.Remove(key, out var existing))
            {
                if (existing.Status == "closed")
                {
                    existing.Status = "open";
                    existing.Version++;
                    existing.UpdatedAt = now;
                }

                if (existing.ValuesJson != values)
                {
                    existing.ValuesJson = values;
                    existing.Version++;
                    existing.UpdatedAt = now;
                }

                continue;
            }

            add(new ConflictEntity
            {
                ChildId = childId,
                Key = key,
                Kind = conflict.Kind.ToString(),
                Field = conflict.Field,
                ValuesJson = values,
                Version = 1,
                CreatedAt = now,
                UpdatedAt = now,
            });
        }

        // What no longer disagrees closes by itself; a steward's resolution is kept as it was decided.
        foreach (var gone in byKey.Values.Where(conflict => conflict.Status == "open"))
        {
            gone.Status = "closed";
            gone.Version++;
            gone.UpdatedAt = now;
        }
    }

    private static bool SyncAlerts(Action<AlertEntity> add, long childId, IReadOnlyList<AlertFinding> findings, List<AlertEntity> stored, DateTime now)
    {
        var live = stored.Where(alert => alert.Status != "closed").ToDictionary(alert => alert.Key, StringComparer.Ordinal);
        var opened = false;
        foreach (var finding in findings)
        {
            var key = StoredKey.Of(finding.Key);
            var facts = finding.Facts.Serialize();
            if (live.Remove(key, out var existing))
            {
                // Still firing: its facts follow the records (a later last visit moves the due date).
                if (existing.Facts != facts)
                {
                    existing.Facts = facts;
                    existing.Version++;
                    existing.UpdatedAt = now;
                }

                continue;
            }

            add(new AlertEntity
            {
                ChildId = childId,
                Key = key,
                Rule = finding.Rule.ToString(),
                Agency = finding.Agency.ToCode(),
                Facts = facts,
                Version = 1,
                CreatedAt = now,
                UpdatedAt = now,
            });
            opened = true;
        }

        foreach (var cleared in live.Values)
        {
            cleared.Status = "closed";
            cleared.Version++;
            cleared.UpdatedAt = now;
        }

        return opened;
    }
}

/// <summary>A child composed before insertion (<see cref="ChildRefresher.Compose"/>): what its findings are computed from.</summary>
public sealed record ComposedChild(ChildEntity Child, List<LinkedRecord> Linked, GoldenRecord Golden);

/// <summary>The rows a new child's findings give (<see cref="ChildRefresher.Findings"/>), for the caller to write.</summary>
public sealed record FreshRows(List<ChildHoldingEntity> Holdings, List<ConflictEntity> Conflicts, List<AlertEntity> Alerts, ChangeEventEntity Created)
{
    /// <summary>Gives every row the child's key: for rows computed before the child was inserted (and so had none).</summary>
    public void Attach(long childId)
    {
        Holdings.ForEach(holding => holding.ChildId = childId);
        Conflicts.ForEach(conflict => conflict.ChildId = childId);
        Alerts.ForEach(alert => alert.ChildId = childId);
        Created.ChildId = childId;
    }
}
