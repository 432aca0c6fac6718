using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace DataExchange.Reconciliation.Children;

/// <summary>
/// A child's stored golden record (GoldenJson), parsed the first time anything reads it. An agency's GetChild never
/// does: ChildDisclosure recomputes the golden record from the records that agency may see and replaces this one, so
/// parsing it on every read (4% of the host's CPU under 64 GetChild callers) was thrown away. A steward's read parses
/// it once, on first use; parsing is thread-safe and happens at most once (a failure is rethrown on every read).
/// Nothing is cached across calls: each view parses its own row's JSON.
/// </summary>
public sealed class StoredGoldenRecord(string json) : IReadOnlyDictionary<string, StoredGoldenValue>
{
    private readonly Lazy<Dictionary<string, StoredGoldenValue>> fields = new(() => GoldenJson.Deserialize(json));

    private Dictionary<string, StoredGoldenValue> Fields => fields.Value;

    public StoredGoldenValue this[string key] => Fields[key];

    public IEnumerable<string> Keys => Fields.Keys;

    public IEnumerable<StoredGoldenValue> Values => Fields.Values;

    public int Count => Fields.Count;

    public bool ContainsKey(string key) => Fields.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out StoredGoldenValue value) => Fields.TryGetValue(key, out value);

    public IEnumerator<KeyValuePair<string, StoredGoldenValue>> GetEnumerator() => Fields.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
