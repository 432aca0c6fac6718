using System.Reflection;

namespace DataExchange.Matching.Features;

/// <summary>
/// Per-character tables built from Unihan (see infra/scripts/build-unihan-resource.py): the simplified
/// fold of a traditional character and its toneless Mandarin reading, as a small syllable code.
/// </summary>
public static class Hanzi
{
    private static readonly char[] FoldTable = new char[65536];
    private static readonly ushort[] SyllableTable = new ushort[65536];
    private static readonly List<string> Syllables = [""];
    private static readonly Dictionary<string, ushort> SyllableCodes = new(StringComparer.Ordinal);

    // kMandarin gives a character's commonest reading; as the first character of a name these
    // read differently (曾 zeng, not ceng), and a clerk romanising a name writes the surname reading.
    private static readonly Dictionary<char, ushort> SurnameCodes = [];

    private static readonly Dictionary<char, string> SurnameReadings = new()
    {
        ['曾'] = "zeng", ['单'] = "shan", ['解'] = "xie", ['仇'] = "qiu", ['朴'] = "piao", ['区'] = "ou",
        ['查'] = "zha", ['盖'] = "ge", ['乐'] = "yue", ['覃'] = "qin", ['缪'] = "miao", ['种'] = "chong",
        ['秘'] = "bi", ['尉'] = "yu", ['长'] = "zhang", ['翟'] = "zhai", ['繁'] = "po", ['黑'] = "he",
    };

    static Hanzi()
    {
        for (var i = 0; i < FoldTable.Length; i++)
        {
            FoldTable[i] = (char)i;
        }

        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("DataExchange.Matching.unihan-pinyin.tsv")
            ?? throw new InvalidOperationException("The Unihan resource is missing from the assembly.");
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length < 4 || line[0] == '#')
            {
                continue;
            }

            var character = line[0];
            FoldTable[character] = line[2];
            SyllableTable[character] = Code(line[4..]);
        }

        foreach (var (character, reading) in SurnameReadings)
        {
            SurnameCodes[character] = Code(reading);
        }
    }

    /// <summary>The number of distinct toneless syllables (for sizing arrays).</summary>
    public static int SyllableCount => Syllables.Count;

    /// <summary>Traditional and variant forms folded to the simplified one (張 → 张).</summary>
    public static char Fold(char character) => FoldTable[character];

    /// <summary>The toneless reading's code, 0 when Unihan has no Mandarin reading.</summary>
    public static ushort Syllable(char character, bool asSurname = false) =>
        asSurname && SurnameCodes.TryGetValue(FoldTable[character], out var code) ? code : SyllableTable[character];

    public static string Spell(ushort code) => Syllables[code];

    /// <summary>The code of a toneless syllable, or 0 when it is not a Mandarin syllable.</summary>
    public static ushort Lookup(ReadOnlySpan<char> syllable) =>
        SyllableCodes.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(syllable, out var code) ? code : (ushort)0;

    // ü is spelt v in the table; clerks romanise 吕 as LV, LU or LYU, so ü and u share one code.
    // Only called from the static constructor: afterwards the tables are read-only and thread-safe.
    private static ushort Code(string syllable)
    {
        syllable = syllable.Replace('v', 'u');
        if (syllable.Length == 0)
        {
            return 0;
        }

        if (!SyllableCodes.TryGetValue(syllable, out var code))
        {
            code = (ushort)Syllables.Count;
            Syllables.Add(syllable);
            SyllableCodes[syllable] = code;
        }

        return code;
    }
}
