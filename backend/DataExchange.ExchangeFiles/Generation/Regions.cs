namespace DataExchange.ExchangeFiles.Generation;

/// <summary>A county-level division (GB/T 2260) and the ways an address may spell its way down to it.</summary>
public sealed record Region(string Code, string Province, string City, string County, bool YiArea)
{
    /// <summary>Province + city + county, e.g. 四川省乐山市犍为县; county-level cities skip the prefecture.</summary>
    public string Full => Province + City + County;

    /// <summary>City + county without the province, e.g. 乐山市犍为县.</summary>
    public string WithoutProvince => City + County;
}

/// <summary>The counties of the four plans in seeds/ (Leshan, Banan, Qingdao, Guangxi), as the sample uses them.</summary>
public static class Regions
{
    public static IReadOnlyList<Region> All { get; } =
    [
        new("511102", "四川省", "乐山市", "市中区", false),
        new("511111", "四川省", "乐山市", "沙湾区", false),
        new("511112", "四川省", "乐山市", "五通桥区", false),
        new("511123", "四川省", "乐山市", "犍为县", false),
        new("511124", "四川省", "乐山市", "井研县", false),
        new("511126", "四川省", "乐山市", "夹江县", false),
        new("511129", "四川省", "乐山市", "沐川县", false),
        new("511132", "四川省", "乐山市", "峨边彝族自治县", true),
        new("511133", "四川省", "乐山市", "马边彝族自治县", true),
        new("511181", "四川省", "", "峨眉山市", false),
        new("500113", "重庆市", "", "巴南区", false),
        new("370202", "山东省", "青岛市", "市南区", false),
        new("370211", "山东省", "青岛市", "黄岛区", false),
        new("370214", "山东省", "青岛市", "城阳区", false),
        new("370281", "山东省", "", "胶州市", false),
        new("370283", "山东省", "", "平度市", false),
        new("370285", "山东省", "", "莱西市", false),
        new("450102", "广西壮族自治区", "南宁市", "兴宁区", false),
        new("450103", "广西壮族自治区", "南宁市", "青秀区", false),
        new("450321", "广西壮族自治区", "桂林市", "阳朔县", false),
    ];

    /// <summary>Regions in the same province, where most moves go (a move across provinces is rarer).</summary>
    public static Region Neighbour(Region from, Rng rng)
    {
        var candidates = All.Where(r => r.Code != from.Code && (r.Province == from.Province || rng.Chance(0.15))).ToArray();
        return candidates.Length == 0 ? rng.Pick(All) : rng.Pick(candidates);
    }

    // Two-character place-name syllables, combined as the sample's town and village names are (溪塘镇, 中北村).
    private const string PlaceSyllables = "上下东西南北中新和安兴平宁福龙凤山水河溪塘坝坪沟石田园林桥湾岭";

    public static string PlaceName(Rng rng) =>
        string.Concat(PlaceSyllables[rng.Next(PlaceSyllables.Length)], PlaceSyllables[rng.Next(PlaceSyllables.Length)]);

    /// <summary>The address below the county: 溪塘镇中北村3组45号 (Sichuan villages also say 社).</summary>
    public static string LocalAddress(Rng rng) =>
        $"{PlaceName(rng)}镇{PlaceName(rng)}村{rng.Next(1, 12)}{(rng.Chance(0.1) ? "社" : "组")}{rng.Next(1, 80)}号";
}
