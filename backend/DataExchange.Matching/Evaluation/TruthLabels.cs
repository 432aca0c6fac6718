using DataExchange.Domain.Agencies;
using DataExchange.Matching.Features;

namespace DataExchange.Matching.Evaluation;

/// <summary>A truth file as a person number per record: four bytes a record instead of a string per record.</summary>
public static class TruthLabels
{
    /// <summary>Person number per record; a record missing from the truth is a person of its own.</summary>
    public static int[] PersonOf(IReadOnlyList<RecordFeatures> records, IReadOnlyDictionary<(Agency, string), string> truth)
    {
        var person = new int[records.Count];
        var numbers = new Dictionary<string, int>(StringComparer.Ordinal);
        var next = 0;
        for (var i = 0; i < records.Count; i++)
        {
            if (truth.TryGetValue((records[i].Agency, records[i].SourceId), out var id))
            {
                ref var number = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(numbers, id, out var seen);
                if (!seen)
                {
                    number = next++;
                }

                person[i] = number;
            }
            else
            {
                person[i] = -1;
            }
        }

        for (var i = 0; i < person.Length; i++)
        {
            person[i] = person[i] < 0 ? next++ : person[i];
        }

        return person;
    }

    /// <summary>Calls <paramref name="visit"/> with the records of each group (equal <paramref name="group"/> value), without a per-group object.</summary>
    public static void ForEachGroup(int[] group, Action<ReadOnlySpan<int>> visit)
    {
        var order = new int[group.Length];
        var sorted = (int[])group.Clone();
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(sorted, order);
        for (var start = 0; start < sorted.Length;)
        {
            var end = start + 1;
            while (end < sorted.Length && sorted[end] == sorted[start])
            {
                end++;
            }

            // Within a group, records in input order (as the grouping it replaces gave them).
            Array.Sort(order, start, end - start);
            visit(order.AsSpan(start, end - start));
            start = end;
        }
    }
}
