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
    public static async Task RefreshAsync(ExchangeDbContext db, IReadOnlyCollection<long> childIds, DateTime now, CancellationToken cancellationToken,
        IReadOnlyDictionary<long, string>? eventKinds = null, IReadOnlyDictionary<long, SourceRecordEntity>? known = null)
    {
        if (childIds.Count == 0)
        {
            return;
        }

        var ids = childIds.Distinct().ToList();
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
        var today = DateOnly.FromDateTime(now);

        foreach (var id in ids)
        {
            if (!children.TryGetValue(id, out var child))
            {
                continue;
            }

            var records = recordsOf[id].OrderBy(record => record.Id).ToList();
            var kind = eventKinds?.GetValueOrDefault(id);
            var changed = Apply(db, child, records, conflicts[id], alerts[id], today, now, out var alerted);
            if (kind is null && !changed && !alerted)
            {
                continue;
            }

            kind ??= !child.Active ? "removed" : alerted ? "alerted" : "changed";
            child.Version++;
            child.UpdatedAt = now;
            db.ChangeEvents.Add(new ChangeEventEntity
            {
                ChildId = child.Id,
                ChildPublicId = child.PublicId,
                Kind = kind,
                Agencies = child.Agencies,
                Detail = alerted && kind != "alerted" ? "alerted" : "",
                CreatedAt = now,
            });
        }
    }

    /// <summary>Recomputes one child; true when its golden record or membership changed.</summary>
    private static bool Apply(ExchangeDbContext db, ChildEntity child, List<SourceRecordEntity> records,
        IEnumerable<ConflictEntity> stored, IEnumerable<AlertEntity> storedAlerts, DateOnly today, DateTime now, out bool alerted)
    {
        var linked = records.Select(StoredRecord.Linked).ToList();
        var golden = Survivorship.Build(linked);
        var overrides = GoldenJson.DeserializeOverrides(child.OverridesJson);
        var goldenJson = GoldenJson.Serialize(GoldenJson.Compose(golden, overrides));
        var agencies = "," + string.Concat(linked.Select(r => r.Agency).Distinct().Order().Select(a => a.ToCode() + ",")) ;
        var wasActive = child.Active;
        var changed = goldenJson != child.GoldenJson || agencies != child.Agencies || child.RecordCount != records.Count;

        // A child whose every record was retracted disappears from reads; a merged-away child stays merged.
        child.Active = records.Count > 0 && child.MergedIntoId is null;
        changed |= wasActive != child.Active;
        child.GoldenJson = goldenJson;
        child.Agencies = agencies;
        child.RecordCount = records.Count;
        string Field(string name) => overrides.TryGetValue(name, out var correction) ? correction.Value : golden.Value(name);
        child.Name = Field("name");
        child.NamePinyin = NamePinyin.Of(child.Name);
        child.IdNumber = Field("id_number");
        child.BirthDate = Field("birth_date");
        child.RegionCode = Field("region_code");
        child.Category = Field("category");

        var found = child.Active ? ConflictDetector.Detect(linked) : [];
        SyncConflicts(db, child.Id, found, stored.ToList(), now);
        var findings = child.Active ? DiscoveryRules.Evaluate(linked, golden, found, today) : [];
        alerted = SyncAlerts(db, child.Id, findings, storedAlerts.ToList(), now);
        return changed;
    }

    private static void SyncConflicts(ExchangeDbContext db, long childId, IReadOnlyList<Conflict> found, List<ConflictEntity> stored, DateTime now)
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

            db.Conflicts.Add(new ConflictEntity
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

    private static bool SyncAlerts(ExchangeDbContext db, long childId, IReadOnlyList<AlertFinding> findings, List<AlertEntity> stored, DateTime now)
    {
        var live = stored.Where(alert => alert.Status != "closed").ToDictionary(alert => alert.Key, StringComparer.Ordinal);
        var opened = false;
        foreach (var finding in findings)
        {
            var key = StoredKey.Of(finding.Key);
            if (live.Remove(key))
            {
                continue;
            }

            db.Alerts.Add(new AlertEntity
            {
                ChildId = childId,
                Key = key,
                Rule = finding.Rule.ToString(),
                Agency = finding.Agency.ToCode(),
                Message = finding.Message,
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
