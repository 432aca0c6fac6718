using System.Globalization;
using System.Text;
using DataExchange.Domain.Agencies;
using DataExchange.Matching.Features;
using DataExchange.Matching.Scoring;

namespace DataExchange.Matching.Evaluation;

/// <summary>Explains errors against a truth file: false merges and missed links with their comparison vectors, for tuning.</summary>
public static class ErrorSamples
{
    public static string Describe(IReadOnlyList<RecordFeatures> records, int[] clusterOf, IReadOnlyDictionary<(Agency, string), string> truth, Scorer scorer, int limit)
    {
        var text = new StringBuilder();
        var person = records.Select((r, i) => truth.TryGetValue((r.Agency, r.SourceId), out var p) ? p : "?" + i).ToArray();
        var shownMerges = 0;
        foreach (var group in Enumerable.Range(0, records.Count).GroupBy(i => clusterOf[i]))
        {
            var members = group.ToArray();
            foreach (var x in members)
            {
                foreach (var y in members)
                {
                    if (x < y && person[x] != person[y] && shownMerges++ < limit)
                    {
                        text.AppendLine("FALSE MERGE " + Pair(records[x], records[y], scorer));
                    }
                }
            }
        }

        var shownMissed = 0;
        foreach (var group in Enumerable.Range(0, records.Count).GroupBy(i => person[i]))
        {
            var members = group.ToArray();
            foreach (var x in members)
            {
                foreach (var y in members)
                {
                    if (x < y && clusterOf[x] != clusterOf[y] && shownMissed++ < limit)
                    {
                        text.AppendLine("MISSED " + Pair(records[x], records[y], scorer));
                    }
                }
            }
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"{shownMerges} false-merge pairs, {shownMissed} missed pairs");
        return text.ToString();
    }

    private static string Pair(RecordFeatures a, RecordFeatures b, Scorer scorer)
    {
        Span<byte> levels = stackalloc byte[scorer.Comparisons.Count];
        var score = scorer.Score(a, b, levels);
        return string.Create(CultureInfo.InvariantCulture,
            $"{score:F1} [{string.Join(",", levels.ToArray())}]\n   {Show(a)}\n   {Show(b)}");
    }

    private static string Show(RecordFeatures r) => string.Create(CultureInfo.InvariantCulture,
        $"{r.Agency.ToCode()}:{r.SourceId} ids={string.Join("/", r.Ids)} name={r.Name.Han}|{r.Name.Pinyin} birth={r.Birth} idbirth={r.IdBirth} sex={r.Sex} region={r.Region} addr={r.Address.Tail} phones={string.Join("/", r.Phones.ToArray())}");
}
