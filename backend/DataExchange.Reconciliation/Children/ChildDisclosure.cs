using DataExchange.Domain.Access;
using DataExchange.Domain.Agencies;
using DataExchange.Domain.Identifiers;
using DataExchange.Domain.Reconciliation;

namespace DataExchange.Reconciliation.Children;

/// <summary>
/// What a reader may see of a child: the caller's agency, the field groups its grant covers for the purpose it
/// reads for, and whether it may see ID numbers in full. Built by the host from the caller's grants (identity).
/// </summary>
public sealed record DisclosureGrant(Agency Caller, IReadOnlySet<FieldGroup> Groups, bool RevealIds)
{
    /// <summary>Everything, ID numbers in full: a steward reconciling, or the hub itself.</summary>
    public static DisclosureGrant Full(Agency caller) => new(caller, Enum.GetValues<FieldGroup>().ToHashSet(), true);
}

/// <summary>
/// Filters a child field by field: a field outside the grant is absent (not blanked), ID-bearing columns are masked
/// unless the grant includes identity and asks to reveal them, and an agency always sees its own records in full.
/// </summary>
public static class ChildDisclosure
{
    public static ChildView Filter(ChildView child, DisclosureGrant grant)
    {
        var golden = new Dictionary<string, StoredGoldenValue>(StringComparer.Ordinal);
        foreach (var (field, value) in child.Golden)
        {
            var own = value.Agency == grant.Caller.ToCode();
            var group = SurvivorshipRules.Find(field)?.Group;
            if (own || (group is { } g && grant.Groups.Contains(g)))
            {
                golden[field] = own ? value : value with { Value = Show(field, value.Value, grant) };
            }
        }

        var records = child.Records.Select(record => Filter(record, grant)).ToList();
        var conflicts = child.Conflicts.Where(conflict => FieldGroupOf(conflict.Field) is { } g && grant.Groups.Contains(g))
            .Select(conflict => conflict with
            {
                Values = [.. conflict.Values.Select(v => v.Agency == grant.Caller.ToCode() ? v : v with { Value = Show(conflict.Field, v.Value, grant) })],
            }).ToList();
        return child with { Golden = golden, Records = records, Conflicts = conflicts };
    }

    public static RecordView Filter(RecordView record, DisclosureGrant grant)
    {
        if (record.Agency == grant.Caller.ToCode())
        {
            return record;
        }

        AgencyCodes.TryParse(record.Agency, out var agency);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (column, value) in record.Values)
        {
            if (FieldGroups.GroupOf(agency, column) is { } group && grant.Groups.Contains(group))
            {
                values[column] = Show(column, value, grant);
            }
        }

        return record with { Values = values };
    }

    private static FieldGroup? FieldGroupOf(string field) => SurvivorshipRules.Find(field)?.Group ?? FieldGroups.CommonColumns.GetValueOrDefault(field);

    private static string Show(string column, string value, DisclosureGrant grant) =>
        FieldGroups.IdBearingColumns.Contains(column) && !(grant.RevealIds && grant.Groups.Contains(FieldGroup.Identity)) && value.Length > 0
            ? CitizenIdNumber.Mask(value)
            : value;
}
