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
    // Many stripes: encoding threads add distinct addresses and ID sets all the time, and with the default two stripes on
    // a two-core machine they queued on each other's lock (7% of the read's thread time, measured with dotnet-trace).
    private const int Stripes = 64;

    private readonly ConcurrentDictionary<string, NameFeatures> names;
    private readonly ConcurrentDictionary<string, AddressFeatures> addresses;
    private readonly ConcurrentDictionary<long[], long[]> hashes;
    private readonly ConcurrentDictionary<string[], string[]> ids;

    /// <param name="expectedRecords">
    /// About how many records will be encoded (0: unknown). Each table is sized for a share of them up front, because
    /// growing a table of millions of entries takes every stripe's lock while it rehashes and stalls all encoding threads.
    /// A wrong guess costs only speed.
    /// </param>
    public FeatureInterner(int expectedRecords = 0)
    {
        // Distinct shares measured on dx generate's data (300,000 children, 880,202 records): names 11% of the records,
        // ID sets 35%, addresses 44%, family hash sets 54%.
        var capacity = Math.Clamp(expectedRecords / 2, 31, 1 << 26);
        names = new(StripeCount(), Math.Clamp(expectedRecords / 8, 31, 1 << 26), StringComparer.Ordinal);
        addresses = new(StripeCount(), capacity, StringComparer.Ordinal);
        hashes = new(StripeCount(), capacity, ContentComparer.Instance);
        ids = new(StripeCount(), capacity, IdsComparer.Instance);

        static int StripeCount() => Math.Max(Stripes, Environment.ProcessorCount * 4);
    }

    /// <summary>Distinct parts held, for the read's report (and to check the tables' sizing against).</summary>
    public string Sizes => $"{names.Count:N0} names, {addresses.Count:N0} addresses, {hashes.Count:N0} family hash sets, {ids.Count:N0} ID sets";

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
