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

    /// <summary>
    /// Reads a truth file (agency,source_id,person_id) straight into person numbers, without holding its strings: at ten
    /// million children the file as a dictionary is gigabytes. <paramref name="rows"/>: how many rows named a record.
    /// </summary>
    public static int[] Read(IReadOnlyList<RecordFeatures> records, string path, out long rows)
    {
        var recordOf = new Dictionary<(Agency, string), int>(records.Count);
        for (var i = 0; i < records.Count; i++)
        {
            recordOf.TryAdd((records[i].Agency, records[i].SourceId), i);
        }

        var person = new int[records.Count];
        Array.Fill(person, -1);
        var numbers = new Dictionary<string, int>(StringComparer.Ordinal);
        var next = 0;
        var buffer = new List<string>();
        rows = 0;
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var fields = Io.Csv.ParseLine(line, buffer);
            if (fields.Length < 3 || !AgencyCodes.TryParse(fields[0], out var agency) || !recordOf.TryGetValue((agency, fields[1]), out var record))
            {
                continue;
            }

            rows++;
            ref var number = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(numbers, fields[2], out var seen);
            if (!seen)
            {
                number = next++;
            }

            person[record] = number;
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
