using DataExchange.Domain.Agencies;

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

        // The first candidate in the order below wins (a stable sort's first: of equals, the earlier source and record).
        // A scan with a comparison instead of the LINQ sort it replaces (GroupBy, six keys, ToList): this path runs for
        // most common fields of every child with more than one record, and the sort was most of survivorship's time.
        var frequency = Frequencies(candidates);
        var best = 0;
        for (var i = 1; i < candidates.Count; i++)
        {
            if (Precedes(field, candidates[i], frequency[i], candidates[best], frequency[best]))
            {
                best = i;
            }
        }

        var (winner, chosen) = candidates[best];
        var provenance = new Provenance(winner.Agency, winner.SourceId, winner.Version, winner.UpdatedAt);
        return new GoldenValue(field.Name, chosen, provenance, Reason(field, candidates, winner, chosen));
    }

    /// <summary>
    /// Whether candidate a comes before b: the stronger authority; then the later day (records loaded in the same nightly
    /// exchange are equally recent, and between them the majority is the better guess); then the more frequent value; then
    /// the later time; then agency and record key.
    /// </summary>
    private static bool Precedes(GoldenField field, (LinkedRecord Record, string Value) a, int aFrequency, (LinkedRecord Record, string Value) b, int bFrequency)
    {
        var order = field.AuthorityRank(a.Record.Agency).CompareTo(field.AuthorityRank(b.Record.Agency));
        if (order == 0)
        {
            order = b.Record.UpdatedAt.Date.CompareTo(a.Record.UpdatedAt.Date);
        }

        if (order == 0)
        {
            order = bFrequency.CompareTo(aFrequency);
        }

        if (order == 0)
        {
            order = b.Record.UpdatedAt.CompareTo(a.Record.UpdatedAt);
        }

        if (order == 0)
        {
            order = Comparer<Agency>.Default.Compare(a.Record.Agency, b.Record.Agency);
        }

        if (order == 0)
        {
            order = string.CompareOrdinal(a.Record.SourceId, b.Record.SourceId);
        }

        return order < 0;
    }

    /// <summary>How many candidates hold each candidate's value (ordinal), by candidate.</summary>
    private static int[] Frequencies(List<(LinkedRecord Record, string Value)> candidates)
    {
        var frequency = new int[candidates.Count];
        if (candidates.Count > 32)
        {
            // A large cluster: counting pairwise would grow with the square of its records.
            var counts = candidates.CountBy(candidate => candidate.Value, StringComparer.Ordinal).ToDictionary(StringComparer.Ordinal);
            for (var i = 0; i < candidates.Count; i++)
            {
                frequency[i] = counts[candidates[i].Value];
            }

            return frequency;
        }

        for (var i = 0; i < candidates.Count; i++)
        {
            for (var j = 0; j < candidates.Count; j++)
            {
                if (string.Equals(candidates[i].Value, candidates[j].Value, StringComparison.Ordinal))
                {
                    frequency[i]++;
                }
            }
        }

        return frequency;
    }

    /// <param name="candidates">Two or more (a single source is <see cref="SurvivorshipReason.OnlySource"/>).</param>
    private static SurvivorshipReason Reason(GoldenField field, List<(LinkedRecord Record, string Value)> candidates, LinkedRecord winner, string chosen)
    {
        if (field.AuthorityRank(winner.Agency) != int.MaxValue)
        {
            return SurvivorshipReason.Authority;
        }

        // Sources of the winner's day that disagree with it: the majority decided.
        for (var i = 0; i < candidates.Count; i++)
        {
            if (candidates[i].Record.UpdatedAt.Date == winner.UpdatedAt.Date && !string.Equals(candidates[i].Value, chosen, StringComparison.Ordinal))
            {
                return SurvivorshipReason.MostFrequent;
            }
        }

        return SurvivorshipReason.MostRecent;
    }
}
