using DataExchange.Domain.Access;
using DataExchange.Domain.Agencies;
using DataExchange.Domain.Identifiers;
using DataExchange.Domain.Reconciliation;

namespace DataExchange.Reconciliation.Children;

/// <summary>What the caller's grants allow for one other agency's record: field groups, and ID numbers in full or not.</summary>
public sealed record RecordGrant(IReadOnlySet<FieldGroup> Groups, bool RevealIds)
{
    public static RecordGrant Nothing { get; } = new(new HashSet<FieldGroup>(), false);
}

/// <summary>
/// What a reader may see of a child: per linked record of another agency, the field groups its grants cover for
/// the purpose it reads for, and whether ID numbers may be shown in full (grant with full identity, and asked for).
/// A record the function does not cover discloses nothing. Built by the host (IDisclosurePolicy) from the grants.
/// </summary>
public sealed record DisclosureGrant(Agency Caller, Func<string, string, RecordGrant> ForRecord)
{
    /// <summary>The same groups for every record.</summary>
    public static DisclosureGrant Uniform(Agency caller, IReadOnlySet<FieldGroup> groups, bool revealIds) =>
        new(caller, (_, _) => new RecordGrant(groups, revealIds));

    /// <summary>Everything, ID numbers in full when asked: a steward reconciling, or a Development host before grants.</summary>
    public static DisclosureGrant Full(Agency caller, bool revealIds = true) => Uniform(caller, Enum.GetValues<FieldGroup>().ToHashSet(), revealIds);
}

/// <summary>
/// Filters a child field by field: a field outside the grant is absent (not blanked), ID-bearing columns are masked
/// unless the grant includes identity and asks to reveal them, and an agency always sees its own records in full.
/// A golden value is disclosed as the record it came from would be; a conflict only when every side may be seen.
/// </summary>
public static class ChildDisclosure
{
    public static ChildView Filter(ChildView child, DisclosureGrant grant)
    {
        var own = grant.Caller.ToCode();
        var golden = new Dictionary<string, StoredGoldenValue>(StringComparer.Ordinal);
        foreach (var (field, value) in child.Golden)
        {
            if (value.Agency == own)
            {
                golden[field] = value;
            }
            else if (FieldGroupOf(field) is { } group && (value.Agency.Length == 0 ? Steward(child, grant, group) : grant.ForRecord(value.Agency, value.SourceId)) is { } allowed
                     && allowed.Groups.Contains(group))
            {
                golden[field] = value with { Value = Show(field, value.Value, allowed) };
            }
        }

        var records = child.Records.Select(record => Filter(record, grant)).ToList();
        var conflicts = new List<ConflictView>();
        foreach (var conflict in child.Conflicts)
        {
            if (FieldGroupOf(conflict.Field) is not { } group)
            {
                continue;
            }

            var sides = conflict.Values.Select(v => (Value: v, Grant: v.Agency == own ? null : grant.ForRecord(v.Agency, v.SourceId))).ToList();
            if (sides.All(side => side.Grant is null || side.Grant.Groups.Contains(group)))
            {
                conflicts.Add(conflict with { Values = [.. sides.Select(side => side.Grant is null ? side.Value : side.Value with { Value = Show(conflict.Field, side.Value.Value, side.Grant) })] });
            }
        }

        return child with { Golden = golden, Records = records, Conflicts = conflicts };
    }

    public static RecordView Filter(RecordView record, DisclosureGrant grant)
    {
        if (record.Agency == grant.Caller.ToCode())
        {
            return record;
        }

        AgencyCodes.TryParse(record.Agency, out var agency);
        var allowed = grant.ForRecord(record.Agency, record.SourceId);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (column, value) in record.Values)
        {
            if (FieldGroups.GroupOf(agency, column) is { } group && allowed.Groups.Contains(group))
            {
                values[column] = Show(column, value, allowed);
            }
        }

        return record with { Values = values };
    }

    /// <summary>A steward's corrected value: disclosed when some linked record's grant covers its group (the caller's own records count as full).</summary>
    private static RecordGrant? Steward(ChildView child, DisclosureGrant grant, FieldGroup group) =>
        child.Records.Any(record => record.Agency == grant.Caller.ToCode())
            ? new RecordGrant(new HashSet<FieldGroup> { group }, RevealIds: false)
            : child.Records.Select(record => grant.ForRecord(record.Agency, record.SourceId)).FirstOrDefault(allowed => allowed.Groups.Contains(group));

    private static FieldGroup? FieldGroupOf(string field) => SurvivorshipRules.Find(field)?.Group ?? FieldGroups.CommonColumns.GetValueOrDefault(field);

    private static string Show(string column, string value, RecordGrant grant) =>
        FieldGroups.IdBearingColumns.Contains(column) && !(grant.RevealIds && grant.Groups.Contains(FieldGroup.Identity)) && value.Length > 0
            ? CitizenIdNumber.Mask(value)
            : value;
}
