using System.Collections.Concurrent;

namespace DataExchange.Matching.Features;

/// <summary>
/// Shares the parts of <see cref="RecordFeatures"/> that many records have alike, while a batch is encoded: one
/// <see cref="NameFeatures"/> per distinct name (张子轩 is thousands of records), one <see cref="AddressFeatures"/> per
/// distinct address (a child's records and its siblings'), one array per distinct set of family-name or parent-ID hashes and of ID numbers.
/// Shared parts are immutable, so sharing changes no comparison; it cuts the features of ten million children by more than
/// half. Thread-safe; drop it when the batch is encoded (it holds its keys).
/// </summary>
public sealed class FeatureInterner
{
    private readonly ConcurrentDictionary<string, NameFeatures> names = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, AddressFeatures> addresses = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long[], long[]> hashes = new(ContentComparer.Instance);
    private readonly ConcurrentDictionary<string[], string[]> ids = new(IdsComparer.Instance);

    public NameFeatures Name(string? raw) =>
        string.IsNullOrEmpty(raw) ? NameFeatures.Empty : names.GetOrAdd(raw, static value => NameFeatures.From(value));

    public AddressFeatures Address(string? raw) =>
        string.IsNullOrEmpty(raw) ? AddressFeatures.Empty : addresses.GetOrAdd(raw, static value => AddressFeatures.From(value));

    public long[] Hashes(long[] values) => values.Length == 0 ? [] : hashes.GetOrAdd(values, values);

    /// <summary>A child's records mostly carry the same ID numbers: one array (and one string each) for all of them.</summary>
    public string[] Ids(string[] values) => values.Length == 0 ? [] : ids.GetOrAdd(values, values);

    private sealed class IdsComparer : IEqualityComparer<string[]>
    {
        public static readonly IdsComparer Instance = new();

        public bool Equals(string[]? x, string[]? y) => x.AsSpan().SequenceEqual(y, StringComparer.Ordinal);

        public int GetHashCode(string[] values)
        {
            var hash = new HashCode();
            foreach (var value in values)
            {
                hash.Add(value, StringComparer.Ordinal);
            }

            return hash.ToHashCode();
        }
    }

    private sealed class ContentComparer : IEqualityComparer<long[]>
    {
        public static readonly ContentComparer Instance = new();

        public bool Equals(long[]? x, long[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(long[] values)
        {
            var hash = new HashCode();
            foreach (var value in values)
            {
                hash.Add(value);
            }

            return hash.ToHashCode();
        }
    }
}
