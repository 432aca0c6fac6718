namespace DataExchange.Domain.Reconciliation;

/// <summary>
/// Builds the golden record from a child's linked records: per field, the authoritative agency's value;
/// failing that the most recent; failing that the most frequent. A pure function of its inputs.
/// </summary>
public static class Survivorship
{
    public static GoldenRecord Build(IReadOnlyList<LinkedRecord> records, IReadOnlyList<GoldenField>? rules = null)
    {
        var fields = new Dictionary<string, GoldenValue>(StringComparer.Ordinal);
        rules ??= SurvivorshipRules.Default;
        for (var i = 0; i < rules.Count; i++)
        {
            var field = rules[i];
            if (Choose(field, records) is { } value)
            {
                fields[field.Name] = value;
            }
        }

        return new GoldenRecord(fields);
    }

    public static GoldenValue? Choose(GoldenField field, IReadOnlyList<LinkedRecord> records)
    {
        // Indexed loops over the lists, and no candidate list until a second candidate turns up: this runs for every
        // field of every child the linker touches, and most fields have one source.
        (LinkedRecord? Record, string Value) first = (null, "");
        List<(LinkedRecord Record, string Value)>? candidates = null;
        for (var s = 0; s < field.Sources.Count; s++)
        {
            var source = field.Sources[s];
            for (var r = 0; r < records.Count; r++)
            {
                var record = records[r];
                if (record.Agency == source.Agency && record.Value(source.Column) is { Length: > 0 } value)
                {
                    if (first.Record is null)
                    {
                        first = (record, value);
                    }
                    else
                    {
                        (candidates ??= [(first.Record, first.Value)]).Add((record, value));
                    }
                }
            }
        }

        if (first.Record is not { } only)
        {
            return null;
        }

        if (candidates is null)
        {
            var value = first.Value;
            return new GoldenValue(field.Name, value, new Provenance(only.Agency, only.SourceId, only.Version, only.UpdatedAt), SurvivorshipReason.OnlySource);
        }

        var frequency = candidates.GroupBy(c => c.Value, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        // Recency counts by day: records loaded in the same nightly exchange are equally recent,
        // and between them the majority is the better guess.
        var ordered = candidates
            .OrderBy(c => field.AuthorityRank(c.Record.Agency))
            .ThenByDescending(c => c.Record.UpdatedAt.Date)
            .ThenByDescending(c => frequency[c.Value])
            .ThenByDescending(c => c.Record.UpdatedAt)
            .ThenBy(c => c.Record.Agency)
            .ThenBy(c => c.Record.SourceId, StringComparer.Ordinal)
            .ToList();
        var (winner, chosen) = ordered[0];
        var provenance = new Provenance(winner.Agency, winner.SourceId, winner.Version, winner.UpdatedAt);
        return new GoldenValue(field.Name, chosen, provenance, Reason(field, ordered, winner));
    }

    private static SurvivorshipReason Reason(GoldenField field, List<(LinkedRecord Record, string Value)> ordered, LinkedRecord winner)
    {
        if (ordered.Select(c => c.Value).Distinct(StringComparer.Ordinal).Count() == 1 && ordered.Count == 1)
        {
            return SurvivorshipReason.OnlySource;
        }

        if (field.AuthorityRank(winner.Agency) != int.MaxValue)
        {
            return SurvivorshipReason.Authority;
        }

        var sameDay = ordered.Where(c => c.Record.UpdatedAt.Date == winner.UpdatedAt.Date).Select(c => c.Value).Distinct(StringComparer.Ordinal).Count();
        return sameDay > 1 ? SurvivorshipReason.MostFrequent : SurvivorshipReason.MostRecent;
    }
}
