using DataExchange.Domain.Access;
using DataExchange.Domain.Agencies;
using DataExchange.Domain.Identifiers;
using DataExchange.Domain.Reconciliation;

namespace DataExchange.Reconciliation.Children;

/// <summary>
/// What the caller's grants open of one other agency's record: field groups, and ID numbers in full or not. A record
/// with no groups is not disclosed at all, not even that it exists.
/// </summary>
public sealed record RecordGrant(IReadOnlySet<FieldGroup> Groups, bool RevealIds)
{
    /// <summary>The grants that opened it, for the audit entry.</summary>
    public IReadOnlyList<string> GrantIds { get; init; } = [];

    public static RecordGrant Nothing { get; } = new(new HashSet<FieldGroup>(), false);
}

/// <summary>
/// Who reads a child and what the grants open: the caller's agency (its own records are always shown in full), per
/// other agency's record the grant for the stated purpose, and whether the caller is a data steward reconciling.
/// Built by the host (IDisclosurePolicy) from the live grants.
/// </summary>
public sealed record DisclosureGrant(Agency Caller, Func<string, string, RecordGrant> ForRecord)
{
    /// <summary>A steward sees every record's identity and contact columns (ID numbers masked for comparison).</summary>
    public bool Steward { get; init; }

    /// <summary>A steward's explicit (audited) request to see ID numbers in full.</summary>
    public bool RevealIds { get; init; }

    /// <summary>The groups every record shows a steward: what matching compares and a steward must compare.</summary>
    public static IReadOnlySet<FieldGroup> StewardGroups { get; } = new HashSet<FieldGroup> { FieldGroup.Identity, FieldGroup.Contact };

    /// <summary>The same groups for every record (tests, Development hosts).</summary>
    public static DisclosureGrant Uniform(Agency caller, IReadOnlySet<FieldGroup> groups, bool revealIds) =>
        new(caller, (_, _) => new RecordGrant(groups, revealIds));

    /// <summary>Everything, ID numbers in full when asked: a Development host before grants.</summary>
    public static DisclosureGrant Full(Agency caller, bool revealIds = true) => Uniform(caller, Enum.GetValues<FieldGroup>().ToHashSet(), revealIds);
}

/// <summary>What a view disclosed of other agencies' data (the audit entry records it).</summary>
public sealed record ChildDisclosureSummary(IReadOnlySet<FieldGroup> Groups, IReadOnlyList<string> GrantIds, bool FullIdentity);

/// <summary>
/// The one place that decides what a reader is shown of a child. An agency is shown a view computed from the records
/// it may see and nothing else: its own records in full, another agency's record only as far as a grant opens it;
/// the golden record, conflicts and alerts are recomputed from those records alone (survivorship, the conflict
/// detector and the discovery rules are pure), so no value, list, count, version or history entry moves because of a
/// record the reader may not see, and a child of which it may see nothing is not found. A data steward is shown every
/// record's identity and contact columns with ID numbers masked for comparison (in full on an explicit reveal), other
/// groups only under a grant, and the stored conflicts, alerts and version it decides on.
/// </summary>
public static class ChildDisclosure
{
    /// <summary>The child as the reader may see it; null when the reader may see nothing of it (answer "not found").</summary>
    public static ChildView? Filter(ChildView child, DisclosureGrant grant, DateOnly today) =>
        grant.Steward ? ForSteward(child, grant) : ForAgency(child, grant, today);

    /// <summary>What the reader is shown of one linked record; null when it may not learn the record exists.</summary>
    public static RecordView? Filter(RecordView record, DisclosureGrant grant, string? referenceId = null)
    {
        if (record.Agency == grant.Caller.ToCode())
        {
            return record;
        }

        return Opened(record, grant) is { } allowed ? Masked(Restrict(record, allowed), allowed, grant, referenceId) : null;
    }

    /// <summary>The record's columns in the granted groups, unmasked (what survivorship and the rules read).</summary>
    private static RecordView Restrict(RecordView record, RecordGrant allowed)
    {
        AgencyCodes.TryParse(record.Agency, out var agency);
        return record with
        {
            Values = record.Values.Where(pair => FieldGroups.GroupOf(agency, pair.Key) is { } group && allowed.Groups.Contains(group))
                .ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal),
        };
    }

    /// <summary>
    /// What the view shows of other agencies' data, for the audit entry: the field groups, the grants that opened the
    /// records shown, and whether an ID-bearing value was shown in full.
    /// </summary>
    public static ChildDisclosureSummary Summarize(ChildView shown, DisclosureGrant grant)
    {
        var own = grant.Caller.ToCode();
        var groups = new HashSet<FieldGroup>();
        var grants = new SortedSet<string>(StringComparer.Ordinal);
        var full = false;
        // Loops rather than LINQ chains: this runs on every GetChild, and the iterators and closures were a few percent
        // of what a call allocated.
        foreach (var record in shown.Records)
        {
            if (record.Agency == own)
            {
                continue;
            }

            AgencyCodes.TryParse(record.Agency, out var agency);
            foreach (var column in record.Values.Keys)
            {
                if (FieldGroups.GroupOf(agency, column) is { } shownGroup)
                {
                    groups.Add(shownGroup);
                }
            }

            var allowed = grant.ForRecord(record.Agency, record.SourceId);
            grants.UnionWith(allowed.GrantIds);
            var revealed = grant.Steward ? grant.RevealIds : allowed.RevealIds && allowed.Groups.Contains(FieldGroup.Identity);
            full |= revealed && record.Values.Keys.Any(FieldGroups.IdBearingColumns.Contains);
        }

        foreach (var (field, value) in shown.Golden)
        {
            if (value.Agency != own && GroupOf(field) is { } goldenGroup)
            {
                groups.Add(goldenGroup);
            }
        }

        return new ChildDisclosureSummary(groups, [.. grants], full);
    }

    private static ChildView? ForAgency(ChildView child, DisclosureGrant grant, DateOnly today)
    {
        var own = grant.Caller.ToCode();
        // Per record the reader may see, what it opens (its own: everything); a record missing here is not disclosed.
        var grants = new Dictionary<(string, string), RecordGrant>();
        var visible = new List<RecordView>();
        foreach (var record in child.Records)
        {
            if ((record.Agency == own ? OwnRecord : Opened(record, grant)) is { } allowed)
            {
                grants[(record.Agency, record.SourceId)] = allowed;
                visible.Add(record.Agency == own ? record : Restrict(record, allowed));
            }
        }

        if (visible.Count == 0)
        {
            // Merged away: the reader holding a record of the survivor learns where its records went.
            return child.MergedInto is not null && child.SurvivorHolders.Contains(own)
                ? child with { Version = 0, Golden = new Dictionary<string, StoredGoldenValue>(), Records = [], Conflicts = [], Alerts = [], History = [], Overrides = new Dictionary<string, FieldOverride>() }
                : null;
        }

        // Survivorship, conflicts and the rules over the unmasked values of what the reader may see; masked on the way out.
        var linked = visible.Select(ToLinked).ToList();
        var survivors = Survivorship.Build(linked);
        var found = ConflictDetector.Detect(linked);
        return child with
        {
            // The child's own version moves with every record; an agency never sends it back (steward decisions do).
            Version = 0,
            Golden = Golden(survivors, child.Overrides, grants, grant),
            Records = [.. visible.Select(record => Masked(record, grants[(record.Agency, record.SourceId)], grant, null))],
            Conflicts = [.. found.Select(conflict => Conflict(conflict, child.Conflicts, grants, grant))],
            Alerts = [.. DiscoveryRules.Evaluate(linked, survivors, found, today).Where(finding => finding.Agency == grant.Caller)
                .Select(finding => new AlertView(0, finding.Rule.ToString(), finding.Agency.ToCode(), "open", 0, "", default, finding.Facts.Serialize()))],
            // Only the events that changed the reader's own records, as the reader saw them (see ChildHoldings).
            History = [.. History(child.History, own)],
            Overrides = new Dictionary<string, FieldOverride>(),
        };
    }

    /// <summary>What the reader's own records open: everything, ID numbers in full.</summary>
    private static readonly RecordGrant OwnRecord = new(Enum.GetValues<FieldGroup>().ToHashSet(), RevealIds: true);

    /// <summary>The events of a child that one agency is told of, each with the kind it saw and no detail.</summary>
    public static IEnumerable<HistoryEntry> History(IEnumerable<HistoryEntry> history, string agency) =>
        history.Select(entry => (entry, Kind: ChildHoldings.KindFor(entry.Agencies, agency)))
            .Where(pair => pair.Kind is not null)
            .Select(pair => pair.entry with { Kind = pair.Kind!, Detail = "", Agencies = "," });

    private static ChildView ForSteward(ChildView child, DisclosureGrant grant)
    {
        var reference = child.Golden.GetValueOrDefault("id_number")?.Value;
        var byKey = child.Records.ToDictionary(record => (record.Agency, record.SourceId));
        var golden = new Dictionary<string, StoredGoldenValue>(StringComparer.Ordinal);
        foreach (var (field, value) in child.Golden)
        {
            // A corrected value belongs to no record: shown when its group is shown of every record (identity, contact).
            var allowed = value.Agency.Length == 0 ? new RecordGrant(DisclosureGrant.StewardGroups, false)
                : byKey.TryGetValue((value.Agency, value.SourceId), out var source) ? Opened(source, grant) : null;
            if (GroupOf(field) is { } group && allowed is not null && (value.Agency == grant.Caller.ToCode() || allowed.Groups.Contains(group)))
            {
                golden[field] = value.Agency == grant.Caller.ToCode() ? value : value with { Value = Show(field, value.Value, allowed, grant, reference) };
            }
        }

        var conflicts = child.Conflicts.Select(conflict => conflict with
        {
            Values = [.. conflict.Values.Select(side => side with { Value = ShowSide(conflict.Field, side, grant, reference) })],
        }).ToList();
        return child with
        {
            Golden = golden,
            Records = [.. child.Records.Select(record => Filter(record, grant, reference)).OfType<RecordView>()],
            Conflicts = conflicts,
        };
    }

    /// <summary>What the grant opens of another agency's record; null when it opens none of that agency's columns.</summary>
    private static RecordGrant? Opened(RecordView record, DisclosureGrant grant)
    {
        var granted = grant.ForRecord(record.Agency, record.SourceId);
        var groups = grant.Steward ? [.. granted.Groups.Union(DisclosureGrant.StewardGroups)] : granted.Groups.ToHashSet();
        AgencyCodes.TryParse(record.Agency, out var agency);
        // A grant of groups the agency's records do not have (education on health's) opens nothing, not even existence.
        return groups.Any(group => FieldGroups.GroupsOf(agency).Contains(group))
            ? new RecordGrant(groups, grant.Steward ? grant.RevealIds : granted.RevealIds) { GrantIds = granted.GrantIds }
            : null;
    }

    private static Dictionary<string, StoredGoldenValue> Golden(GoldenRecord survivors, IReadOnlyDictionary<string, FieldOverride> overrides,
        Dictionary<(string, string), RecordGrant> grants, DisclosureGrant grant)
    {
        var golden = new Dictionary<string, StoredGoldenValue>(StringComparer.Ordinal);
        var openedBy = new Dictionary<string, RecordGrant>(StringComparer.Ordinal);
        foreach (var (field, value) in survivors.Fields)
        {
            var source = value.Source;
            var allowed = openedBy[field] = grants[(source.Agency.ToCode(), source.SourceId)];
            golden[field] = new StoredGoldenValue(Show(field, value.Value, allowed, grant, null),
                source.Agency.ToCode(), source.SourceId, source.Version, source.UpdatedAt, GoldenJson.ReasonCode(value.Reason));
        }

        foreach (var (field, correction) in overrides)
        {
            if (correction.Agency.Length == 0)
            {
                // A corrected value replaces one the reader sees (and is shown as that one would be); where the reader
                // sees no value of the field, the correction says nothing to it.
                if (openedBy.TryGetValue(field, out var replaced))
                {
                    golden[field] = new StoredGoldenValue(Show(field, correction.Value, replaced, grant, null), "", "", 0, correction.DecidedAt, "steward");
                }
            }
            else if (grants.TryGetValue((correction.Agency, correction.SourceId), out var allowed) && GroupOf(field) is { } group && allowed.Groups.Contains(group))
            {
                // A steward chose one record's value: shown as that record would be, when the reader may see it.
                golden[field] = new StoredGoldenValue(Show(field, correction.Value, allowed, grant, null), correction.Agency, correction.SourceId,
                    correction.Version, correction.DecidedAt, "steward");
            }
        }

        return golden;
    }

    private static ConflictView Conflict(Conflict found, IReadOnlyList<ConflictView> stored, Dictionary<(string, string), RecordGrant> grants, DisclosureGrant grant)
    {
        var sides = found.Values.Select(value =>
        {
            var shown = Show(found.Field, value.Value, grants[(value.Record.Agency.ToCode(), value.Record.SourceId)], grant, null);
            return new StoredConflictValue(value.Record.Agency.ToCode(), value.Record.SourceId, value.Version, shown);
        }).ToList();
        // A conflict inside one record depends on that record alone: its stored id, status and resolution can be shown.
        // One between records is stored with every record it involves, seen or not, so only what is seen is shown.
        if (found.IsInternal && stored.FirstOrDefault(conflict => conflict.Key == StoredKey.Of(found.Key)) is { } same)
        {
            return same with { Values = sides };
        }

        return new ConflictView(0, found.Kind.ToString(), found.Field, "open", 0, sides, "");
    }

    private static string ShowSide(string field, StoredConflictValue side, DisclosureGrant grant, string? reference)
    {
        if (side.Agency == grant.Caller.ToCode() || !FieldGroups.IdBearingColumns.Contains(field) || grant.RevealIds)
        {
            return side.Value;
        }

        // Identity inconsistencies quote ID-bearing values (an ID, a student or certificate number): masked for comparison.
        return IdComparisonMask.Mask(side.Value, reference);
    }

    private static RecordView Masked(RecordView record, RecordGrant allowed, DisclosureGrant grant, string? reference) =>
        record with { Values = record.Values.ToDictionary(pair => pair.Key, pair => Show(pair.Key, pair.Value, allowed, grant, reference), StringComparer.Ordinal) };

    private static LinkedRecord ToLinked(RecordView record)
    {
        AgencyCodes.TryParse(record.Agency, out var agency);
        return new LinkedRecord(agency, record.SourceId, record.Version, record.UpdatedAt, record.Values);
    }

    private static FieldGroup? GroupOf(string field) => SurvivorshipRules.Find(field)?.Group ?? FieldGroups.CommonColumns.GetValueOrDefault(field);

    /// <summary>
    /// An ID-bearing value as the grant allows: in full only with full identity and asked for; for a steward masked
    /// with the positions that differ from the child's ID number shown; otherwise masked.
    /// </summary>
    private static string Show(string column, string value, RecordGrant allowed, DisclosureGrant grant, string? reference)
    {
        if (!FieldGroups.IdBearingColumns.Contains(column) || value.Length == 0 || allowed.RevealIds && allowed.Groups.Contains(FieldGroup.Identity))
        {
            return value;
        }

        return grant.Steward ? IdComparisonMask.Mask(value, reference) : CitizenIdNumber.Mask(value);
    }
}
