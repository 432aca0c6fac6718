namespace DataExchange.Matching.Features;

/// <summary>
/// An address cut at its administrative levels. Clerks write it with or without the province, city and
/// county, so comparisons use the part from the town (镇/乡/街道) down: town, village (村/社区) and the rest.
/// </summary>
public sealed class AddressFeatures
{
    public static readonly AddressFeatures Empty = new("", 0, 0);

    private static readonly string[] TownMarks = ["街道", "镇", "乡"];
    private static readonly string[] VillageMarks = ["社区", "村", "居委会"];
    private static readonly char[] CountyMarks = ['省', '市', '州', '县', '区', '旗'];

    public AddressFeatures(string tail, int townHash, int villageHash)
    {
        Tail = tail;
        TownHash = townHash;
        VillageHash = villageHash;
    }

    /// <summary>From the town down; the whole address when no town could be found.</summary>
    public string Tail { get; }

    public int TownHash { get; }
    public int VillageHash { get; }
    public bool IsEmpty => Tail.Length == 0;

    public static AddressFeatures From(string? raw)
    {
        // 5社 and 5组 both name a village group; clerks use either.
        var value = Domain.Normalization.Text.Clean(raw).Replace(" ", "", StringComparison.Ordinal);
        value = GroupMark(value);
        if (value.Length == 0)
        {
            return Empty;
        }

        var townEnd = FirstEnd(value, TownMarks, 0);
        if (townEnd < 0)
        {
            return new AddressFeatures(value, 0, 0);
        }

        // The town's name starts after the last county-level mark before it (…沐川县|兴兴镇).
        var townStart = value.LastIndexOfAny(CountyMarks, townEnd - 2) + 1;
        var tail = value[townStart..];
        var town = value[townStart..townEnd];
        var villageEnd = FirstEnd(value, VillageMarks, townEnd);
        var village = villageEnd < 0 ? "" : value[townStart..villageEnd];
        return new AddressFeatures(tail, Hash(town), village.Length == 0 ? 0 : Hash(village));
    }

    private static string GroupMark(string value)
    {
        var at = value.IndexOf('社', StringComparison.Ordinal);
        if (at <= 0 || !char.IsAsciiDigit(value[at - 1]))
        {
            return value;
        }

        return string.Concat(value.AsSpan(0, at), "组", value.AsSpan(at + 1));
    }

    private static int FirstEnd(string value, string[] marks, int from)
    {
        var best = -1;
        foreach (var mark in marks)
        {
            var at = value.IndexOf(mark, from, StringComparison.Ordinal);
            if (at > 0 && (best < 0 || at + mark.Length < best))
            {
                best = at + mark.Length;
            }
        }

        return best;
    }

    private static int Hash(string value) => value.Length == 0 ? 0 : (int)(StableHash.Of(value) | 1);
}
