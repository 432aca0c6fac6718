using System.Text.Json;

namespace DataExchange.Domain.Reconciliation;

/// <summary>
/// What a discovery rule found, as named values (category, age, last_visit, record, ...), stored with the alert
/// so its text can be rendered in the reader's language when it is read. Rules put no ID-bearing value here (ID,
/// student or certificate numbers): an alert names the record at fault by its agency and source_id instead.
/// </summary>
public sealed class AlertFacts
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly SortedDictionary<string, string> _values;

    public AlertFacts(IEnumerable<KeyValuePair<string, string>> values) =>
        _values = new SortedDictionary<string, string>(values.ToDictionary(StringComparer.Ordinal), StringComparer.Ordinal);

    public AlertFacts(params (string Name, string Value)[] values)
        : this(values.Select(pair => KeyValuePair.Create(pair.Name, pair.Value)))
    {
    }

    public static AlertFacts Empty { get; } = new();

    public IReadOnlyDictionary<string, string> Values => _values;

    public bool IsEmpty => _values.Count == 0;

    public string this[string name] => _values.TryGetValue(name, out var value) ? value : "";

    /// <summary>The stored form: a JSON object of strings, keys in ordinal order (so equal facts store equally).</summary>
    public string Serialize() => _values.Count == 0 ? "" : JsonSerializer.Serialize(_values, Json);

    /// <summary>Reads <see cref="Serialize"/>'s form; empty or unreadable text gives no facts.</summary>
    public static AlertFacts Parse(string? stored)
    {
        if (string.IsNullOrWhiteSpace(stored))
        {
            return Empty;
        }

        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string>>(stored) is { } values ? new AlertFacts(values) : Empty;
        }
        catch (JsonException)
        {
            return Empty;
        }
    }
}
