using System.Text;

namespace DataExchange.ExchangeFiles.Generation;

/// <summary>The misspellings clerks make of a name: homophones, traditional forms, pinyin, slips of the keyboard.</summary>
public static class NameVariants
{
    // Groups of characters a pinyin input method offers for the same syllable (同音字); any one may stand for another.
    private static readonly string[] HomophoneGroups =
    [
        "娜纳", "伟玮炜", "静婧靖", "涵晗含", "轩萱宣", "浩昊皓", "宇雨语羽", "梓子紫", "欣馨心新", "怡宜仪", "诗思",
        "杰洁", "俊峻骏", "琳林霖", "婷庭", "睿锐瑞", "涛韬", "明铭鸣", "晨辰宸臣", "磊蕾", "嘉佳家", "文雯", "华桦",
        "丽莉立", "芳方", "军君", "勇永", "凯恺", "鹏朋", "博波", "航杭", "鑫新", "彤桐童", "琪琦棋", "妍研颜", "雪学",
        "颖影", "菲飞非", "梦孟", "秀绣", "霞侠", "艳燕", "玉钰", "春纯", "秋球", "冬东", "宁凝", "可珂", "若偌", "汐希曦",
        "依伊", "诺娜", "然冉", "熙希", "沐木", "远媛", "一依", "奕逸毅", "德得",
        "张章", "李黎", "王汪", "刘柳", "杨阳", "黄皇", "吴武伍", "徐许", "胡湖", "余于俞", "江姜蒋", "肖萧", "程成",
        "付傅", "韦魏", "邱秋", "严颜", "龚宫", "覃秦", "向项", "戴代",
    ];

    private const string SimplifiedTraditional =
        "张張 刘劉 陈陳 杨楊 黄黃 吴吳 赵趙 孙孫 马馬 郑鄭 谢謝 韩韓 冯馮 邓鄧 许許 罗羅 龙龍 叶葉 苏蘇 钟鍾 陆陸 汤湯 " +
        "宁寧 伟偉 涛濤 军軍 华華 丽麗 凤鳳 杰傑 鸿鴻 晓曉 诗詩 语語 梦夢 颖穎 泽澤 锦錦 铭銘 鹏鵬 银銀 艳艷 兰蘭 " +
        "刚剛 乐樂 轩軒 东東 飞飛 龚龔 闫閆 顾顧 邹鄒 严嚴 贺賀 蒋蔣 韦韋 卢盧 万萬 诺諾 宸宸 欣欣 涵涵 婷婷 " +
        "娟娟 凯凱 毅毅 阳陽 华華 远遠 汐汐 国國 书書 贾賈 钱錢 刘劉 萧蕭 肖肖 谭譚 夏夏 郝郝 邱邱 龙龍 园園";

    private static readonly Dictionary<char, string> HomophonesByChar = BuildHomophones();
    private static readonly Dictionary<char, char> TraditionalByChar = BuildTraditional();

    /// <summary>Replaces one character that has a homophone; null when none of the name's characters has one.</summary>
    public static string? Homophone(string name, Rng rng)
    {
        var positions = Positions(name, c => HomophonesByChar.ContainsKey(c));
        if (positions.Count == 0)
        {
            return null;
        }

        var at = rng.Pick(positions);
        var group = HomophonesByChar[name[at]];
        var others = group.Where(c => c != name[at]).ToArray();
        return Replace(name, at, others[rng.Next(others.Length)]);
    }

    /// <summary>Every character that has a traditional form takes it (a clerk on a traditional-script keyboard); null when none does.</summary>
    public static string? Traditional(string name)
    {
        var builder = new StringBuilder(name.Length);
        var changed = false;
        foreach (var character in name)
        {
            if (TraditionalByChar.TryGetValue(character, out var traditional) && traditional != character)
            {
                builder.Append(traditional);
                changed = true;
            }
            else
            {
                builder.Append(character);
            }
        }

        return changed ? builder.ToString() : null;
    }

    /// <summary>ZHANG ZIHAN, Zhang Zi Han, Zhang Zihan or zhangzihan; null when a character has no pinyin in our table.</summary>
    public static string? Pinyin(string surname, string given, Rng rng)
    {
        if (!NamePools.Pinyin.TryGetValue(surname, out var family))
        {
            return null;
        }

        var syllables = new List<string>(given.Length);
        foreach (var character in given)
        {
            if (!NamePools.Pinyin.TryGetValue(character.ToString(), out var syllable))
            {
                return null;
            }

            syllables.Add(syllable);
        }

        return rng.Next(5) switch
        {
            0 => $"{family} {string.Concat(syllables)}".ToUpperInvariant(),
            1 => $"{Title(family)} {string.Join(' ', syllables.Select(Title))}",
            2 => $"{Title(family)} {Title(string.Concat(syllables))}",
            3 => $"{family}{string.Concat(syllables)}".ToUpperInvariant(),
            _ => $"{family.ToUpperInvariant()} {Title(string.Concat(syllables))}",
        };
    }

    /// <summary>One given-name character left out (never the whole given name); null for names too short to lose one.</summary>
    public static string? DropCharacter(string surname, string given, Rng rng) =>
        given.Length < 2 ? null : surname + given.Remove(rng.Next(given.Length), 1);

    /// <summary>A stray space typed inside the name, usually after the surname (张 子轩).</summary>
    public static string? SpaceInside(string name, int surnameLength, Rng rng)
    {
        if (name.Length < 2 || name.Contains(' '))
        {
            return null;
        }

        var at = rng.Chance(0.7) ? surnameLength : rng.Next(1, name.Length);
        return name.Insert(Math.Min(at, name.Length - 1), rng.Chance(0.2) ? "\u3000" : " ");
    }

    /// <summary>A minority name's middle dot typed as one of its look-alikes.</summary>
    public static string? Separator(string name, Rng rng) =>
        name.Contains('·') ? name.Replace("·", rng.Pick(SeparatorLookAlikes)) : null;

    private static readonly string[] SeparatorLookAlikes = ["•", ".", " ", "・", "．", ""];

    private static string Title(string syllable) => char.ToUpperInvariant(syllable[0]) + syllable[1..];

    private static List<int> Positions(string name, Func<char, bool> predicate)
    {
        var positions = new List<int>(name.Length);
        for (var i = 0; i < name.Length; i++)
        {
            if (predicate(name[i]))
            {
                positions.Add(i);
            }
        }

        return positions;
    }

    private static string Replace(string value, int at, char with) =>
        string.Create(value.Length, (value, at, with), (span, state) =>
        {
            state.value.AsSpan().CopyTo(span);
            span[state.at] = state.with;
        });

    private static Dictionary<char, string> BuildHomophones()
    {
        var map = new Dictionary<char, string>();
        foreach (var group in HomophoneGroups)
        {
            foreach (var character in group)
            {
                map.TryAdd(character, group);
            }
        }

        return map;
    }

    private static Dictionary<char, char> BuildTraditional()
    {
        var map = new Dictionary<char, char>();
        foreach (var pair in SimplifiedTraditional.Split(' '))
        {
            map.TryAdd(pair[0], pair[1]);
        }

        return map;
    }
}
