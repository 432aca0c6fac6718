using DataExchange.Reconciliation.Children;

namespace DataExchange.Reconciliation.Tests;

public class GoldenJsonTests
{
    private static readonly DateTime Loaded = new(2026, 11, 2, 8, 30, 0, DateTimeKind.Utc);

    private static SortedDictionary<string, StoredGoldenValue> Golden() => new(StringComparer.Ordinal)
    {
        ["name"] = new("王思远", "public_security", "PS-1", 2, Loaded, "authority"),
        ["birth_date"] = new("2014-01-11", "public_security", "PS-1", 2, Loaded, "authority"),
        ["school_name"] = new("乐山市\"实验\"小学", "education", "ED-9", 1, Loaded.AddDays(1), "only_source"),
        ["category"] = new("orphan", "", "", 0, Loaded.AddDays(3), "steward"),
    };

    [Fact]
    public void WhatIsStoredReadsBackFieldForFieldWithItsProvenance()
    {
        var json = GoldenJson.Serialize(Golden());

        Assert.Equal(Golden().OrderBy(f => f.Key), GoldenJson.Deserialize(json).OrderBy(f => f.Key));
    }

    [Fact]
    public void EachSourceRecordIsNamedOnceHoweverManyFieldsItSupplied()
    {
        var json = GoldenJson.Serialize(Golden());

        Assert.Single(System.Text.RegularExpressions.Regex.Matches(json, "\"PS-1\""));
    }

    [Fact]
    public void TheTextIsWhatTheSerializerWritesForTheStoredShape()
    {
        // Sources in the order the fields (by ordinal name) first name them; times of every kind and with ticks.
        var golden = Golden();
        golden["address"] = new("四川省乐山市 \\ \u0007 <b>&'", "health", "HE-3", 4, new DateTime(2026, 11, 5, 10, 1, 2, DateTimeKind.Unspecified).AddTicks(1234567), "most_recent");
        golden["sex"] = new("F", "health", "HE-3", 4, new DateTime(2026, 11, 5, 10, 1, 2, DateTimeKind.Unspecified).AddTicks(1234567), "most_frequent");
        var sources = new List<object>();
        var fields = new SortedDictionary<string, object>(StringComparer.Ordinal);
        foreach (var (name, value) in golden)
        {
            var source = (value.Agency, value.SourceId, value.Version, value.UpdatedAt);
            var index = sources.IndexOf(source);
            if (index < 0)
            {
                index = sources.Count;
                sources.Add(source);
            }

            fields[name] = new { value = value.Value, source = index, reason = value.Reason };
        }

        var expected = System.Text.Json.JsonSerializer.Serialize(
            new
            {
                sources = sources.Cast<(string Agency, string SourceId, int Version, DateTime UpdatedAt)>()
                    .Select(s => new { agency = s.Agency, source_id = s.SourceId, version = s.Version, updated_at = s.UpdatedAt }),
                fields,
            },
            new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

        Assert.Equal(expected, GoldenJson.Serialize(golden));
    }

    [Fact]
    public void RowsWrittenInTheEarlierFormStillRead()
    {
        const string earlier = """{"name":{"value":"王思远","agency":"public_security","source_id":"PS-1","version":2,"updated_at":"2026-11-02T08:30:00Z","reason":"authority"}}""";

        var read = GoldenJson.Deserialize(earlier);

        Assert.Equal(Golden()["name"], read["name"]);
    }

    [Fact]
    public void AStoredGoldenRecordReadsAsTheParsedJsonAndParsesOnlyWhenRead()
    {
        var stored = new StoredGoldenRecord(GoldenJson.Serialize(Golden()));

        Assert.Equal(Golden().OrderBy(f => f.Key), stored.OrderBy(f => f.Key));
        Assert.Equal(Golden()["name"], stored["name"]);
        Assert.Equal("orphan", stored.GetValueOrDefault("category")?.Value);
        Assert.False(stored.ContainsKey("address"));
        Assert.Equal(4, stored.Count);

        // Unreadable JSON costs nothing until read, and then fails as parsing it at once would.
        var broken = new StoredGoldenRecord("{\"fields\":");
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => broken.Count);
    }
}
