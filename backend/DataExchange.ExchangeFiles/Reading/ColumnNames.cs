using System.Collections.Frozen;
using DataExchange.Domain.Normalization;

namespace DataExchange.ExchangeFiles.Reading;

/// <summary>
/// The one table of header spellings: every exchange-format column under its own name and under the Chinese headers
/// clerks' spreadsheets and older systems use. docs/exchange-files.md prints the same table; a test keeps them equal.
/// </summary>
public static class ColumnNames
{
    /// <summary>Exchange-format column, then the Chinese headers read as it (first: the one the docs suggest).</summary>
    public static IReadOnlyList<(string Column, string[] Chinese)> Table { get; } =
    [
        ("source_id", ["记录编号", "源记录编号", "业务编号", "编号"]),
        ("id_number", ["身份证号", "身份证号码", "公民身份号码", "证件号码"]),
        ("name", ["姓名", "儿童姓名", "学生姓名"]),
        ("sex", ["性别"]),
        ("birth_date", ["出生日期", "出生年月日"]),
        ("region_code", ["地区代码", "户籍地", "户籍地代码", "行政区划代码", "区划代码"]),
        ("address", ["住址", "现住址", "家庭住址", "地址"]),
        ("household_no", ["户号"]),
        ("father_name", ["父亲姓名"]),
        ("father_id_number", ["父亲身份证号", "父亲身份证号码"]),
        ("mother_name", ["母亲姓名"]),
        ("mother_id_number", ["母亲身份证号", "母亲身份证号码"]),
        ("student_no", ["学籍号", "全国学籍号", "学籍辅号"]),
        ("school_name", ["学校名称", "学校", "就读学校"]),
        ("grade", ["年级"]),
        ("enrollment_status", ["学籍状态", "在学状态"]),
        ("guardian_name", ["监护人姓名", "监护人"]),
        ("guardian_phone", ["监护人电话", "监护人联系电话", "联系电话"]),
        ("health_record_no", ["健康档案号", "健康档案编号"]),
        ("chronic_condition", ["慢性病", "慢性病情况"]),
        ("last_visit_date", ["最近走访日期", "最近随访日期", "末次随访日期"]),
        ("disability_cert_no", ["残疾证号", "残疾人证号"]),
        ("disability_category", ["残疾类别"]),
        ("disability_level", ["残疾等级"]),
        ("category", ["困境类别", "儿童类别", "保障类别"]),
        ("guardian_relation", ["监护人关系", "与监护人关系"]),
        ("parents_status", ["父母状况", "父母情况"]),
    ];

    private static readonly FrozenDictionary<string, string> ByHeader = Build();

    /// <summary>
    /// The exchange-format name a header stands for, or the header itself (trimmed) when it is no known spelling:
    /// such a column is kept as an attribute of the record. English names match in any case; full-width letters,
    /// surrounding spaces and a trailing colon (full-width or not), which hand-made spreadsheets carry, are ignored.
    /// </summary>
    public static string Canonical(string header)
    {
        var cleaned = Clean(header);
        return ByHeader.TryGetValue(cleaned, out var column) ? column : cleaned;
    }

    /// <summary>The Chinese spellings of a column, for messages ("missing column name (姓名)").</summary>
    public static IReadOnlyList<string> ChineseOf(string column) =>
        Table.FirstOrDefault(row => row.Column == column).Chinese ?? [];

    private static string Clean(string header)
    {
        // Full-width letters and the ideographic space folded (Text.Clean); "身份 证号", as padded exports write it,
        // read without the spaces between Chinese characters.
        var text = Text.Clean(header.TrimStart('\uFEFF')).TrimEnd(':').TrimEnd();
        return text.Any(Text.IsHan) ? text.Replace(" ", "", StringComparison.Ordinal) : text;
    }

    private static FrozenDictionary<string, string> Build()
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (column, chinese) in Table)
        {
            map.Add(column, column);
            foreach (var spelling in chinese)
            {
                map.Add(spelling, column); // Throws at start-up if a spelling were given to two columns.
            }
        }

        return map.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }
}
