namespace DataExchange.ExchangeFiles.Generation;

/// <summary>
/// The characters names are drawn from, each with its pinyin, so a name can always be romanised the way a
/// clerk would type it. Kept small on purpose: a small pool makes name + birth year collide as it does at scale.
/// </summary>
public static class NamePools
{
    // "character pinyin" pairs; the order is the popularity order PickSkewed leans on.
    private const string SurnameTable =
        "王wang 李li 张zhang 刘liu 陈chen 杨yang 黄huang 赵zhao 吴wu 周zhou 徐xu 孙sun 马ma 朱zhu 胡hu 郭guo 何he " +
        "高gao 林lin 罗luo 郑zheng 梁liang 谢xie 宋song 唐tang 许xu 韩han 冯feng 邓deng 曹cao 彭peng 曾zeng 肖xiao " +
        "田tian 董dong 袁yuan 潘pan 于yu 蒋jiang 蔡cai 余yu 杜du 叶ye 程cheng 苏su 魏wei 吕lv 丁ding 任ren 沈shen " +
        "姚yao 卢lu 姜jiang 崔cui 钟zhong 谭tan 陆lu 汪wang 范fan 金jin 石shi 廖liao 贾jia 夏xia 韦wei 付fu 方fang " +
        "白bai 邹zou 孟meng 熊xiong 秦qin 邱qiu 江jiang 尹yin 薛xue 闫yan 段duan 雷lei 侯hou 龙long 史shi 陶tao " +
        "黎li 贺he 顾gu 毛mao 郝hao 龚gong 邵shao 万wan 覃qin 武wu 向xiang 严yan 汤tang 孔kong 戴dai";

    private const string CompoundSurnameTable = "欧阳ouyang 上官shangguan 司徒situ 诸葛zhuge 令狐linghu 司马sima";

    // Yi family names of Leshan's Ebian and Mabian autonomous counties.
    private const string YiSurnameTable = "海来hailai 吉克jike 阿苦aku 沙马shama 阿说ashuo 吉木jimu 俄木emu 马海mahai";

    private const string BoyCharTable =
        "子zi 轩xuan 浩hao 然ran 宇yu 梓zi 睿rui 俊jun 杰jie 宸chen 晨chen 伟wei 强qiang 磊lei 涛tao 鹏peng 鑫xin " +
        "博bo 明ming 铭ming 泽ze 豪hao 航hang 嘉jia 锦jin 鸿hong 毅yi 凯kai 振zhen 德de 刚gang 勇yong 军jun 志zhi " +
        "国guo 天tian 乐le 昊hao 瑞rui 翔xiang 飞fei 洋yang 阳yang 安an 家jia 一yi 文wen 华hua 程cheng 奕yi 辰chen " +
        "逸yi 熙xi 沐mu 远yuan 思si";

    private const string GirlCharTable =
        "涵han 萱xuan 诺nuo 欣xin 怡yi 雨yu 诗shi 语yu 桐tong 婷ting 静jing 娜na 琳lin 雪xue 颖ying 妍yan 彤tong " +
        "悦yue 菲fei 佳jia 琪qi 芸yun 蕾lei 薇wei 馨xin 雅ya 梦meng 晓xiao 秀xiu 丹dan 芳fang 英ying 霞xia 娟juan " +
        "艳yan 丽li 珍zhen 梅mei 兰lan 凤feng 玉yu 春chun 秋qiu 冬dong 宁ning 心xin 可ke 若ruo 汐xi 依yi 紫zi";

    // The most given names of the 2010s birth cohorts (公安部 annual name reports): these are what collide.
    public static IReadOnlyList<string> PopularBoyNames { get; } =
        ["子轩", "浩然", "梓睿", "宇轩", "浩宇", "一诺", "俊熙", "沐宸", "明轩", "思远", "奕辰", "梓宸", "子涵", "浩轩", "宇航", "嘉怡"];

    public static IReadOnlyList<string> PopularGirlNames { get; } =
        ["梓涵", "一诺", "欣怡", "雨涵", "梓萱", "诗涵", "子涵", "语桐", "可馨", "若汐", "依诺", "欣妍", "雨桐", "诗琪", "梦琪", "佳怡"];

    // Uyghur-style given names; a child's full name is own name · father's name.
    public static IReadOnlyList<string> UyghurMaleNames { get; } = ["买买提", "艾力", "阿不都", "艾合买提", "吐尔逊", "努尔", "阿布拉", "热合曼"];

    public static IReadOnlyList<string> UyghurFemaleNames { get; } = ["阿依古丽", "古丽娜尔", "热依拉", "迪丽娜尔", "帕提古丽", "米热"];

    public static IReadOnlyList<string> Surnames { get; } = Characters(SurnameTable);
    public static IReadOnlyList<string> CompoundSurnames { get; } = Characters(CompoundSurnameTable);
    public static IReadOnlyList<string> YiSurnames { get; } = Characters(YiSurnameTable);
    public static IReadOnlyList<string> BoyChars { get; } = Characters(BoyCharTable);
    public static IReadOnlyList<string> GirlChars { get; } = Characters(GirlCharTable);

    /// <summary>Pinyin of every single character and compound surname above.</summary>
    public static IReadOnlyDictionary<string, string> Pinyin { get; } = BuildPinyin();

    private static string[] Characters(string table) =>
        table.Split(' ').Select(pair => new string(pair.TakeWhile(c => !char.IsAsciiLetter(c)).ToArray())).ToArray();

    private static Dictionary<string, string> BuildPinyin()
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var table in new[] { SurnameTable, CompoundSurnameTable, YiSurnameTable, BoyCharTable, GirlCharTable })
        {
            foreach (var pair in table.Split(' '))
            {
                var split = pair.IndexOf(pair.First(char.IsAsciiLetter));
                map.TryAdd(pair[..split], pair[split..]);
            }
        }

        return map;
    }
}
