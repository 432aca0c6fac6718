namespace DataExchange.Matching.Features;

/// <summary>
/// How often each name (by pinyin key) occurs among the records being linked: the u of "this name agrees"
/// for the term-frequency adjustment. The incremental index keeps the batch's table so both decide alike.
/// </summary>
public sealed class TermFrequencies
{
    private readonly Dictionary<string, int> counts;

    private TermFrequencies(Dictionary<string, int> counts, long total)
    {
        this.counts = counts;
        Total = total;
    }

    public long Total { get; }

    public static TermFrequencies Count(IReadOnlyList<RecordFeatures> records)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            if (record.Name.Pinyin.Length > 0)
            {
                ref var count = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(counts, record.Name.Pinyin, out _);
                count++;
            }
        }

        return new TermFrequencies(counts, records.Count);
    }

    /// <summary>Sets <see cref="RecordFeatures.NameFrequency"/>; a name never seen counts as seen once.</summary>
    public void Apply(RecordFeatures record)
    {
        var count = record.Name.Pinyin.Length == 0 ? 0 : Math.Max(1, counts.GetValueOrDefault(record.Name.Pinyin));
        record.NameFrequency = Total == 0 ? 0 : (float)((double)count / Total);
    }

    public void ApplyAll(IReadOnlyList<RecordFeatures> records) => Parallel.For(0, records.Count, i => Apply(records[i]));
}
