using System.Text;
using DataExchange.Cli.Import;
using DataExchange.Data.Providers;
using DataExchange.ExchangeFiles.Reading;
using DataExchange.Testing;
using Microsoft.Data.Sqlite;
using MiniExcelLibs;

namespace DataExchange.Cli.Tests;

/// <summary>The files agencies really have: GBK exports, Excel workbooks, Chinese headers; read alike by every verb.</summary>
public sealed class ExchangeFileTests : IDisposable
{
    private const string ChineseEducationHeader = "记录编号,身份证号,姓名,性别,出生日期,地区代码,住址,学籍号,学校名称,年级,学籍状态,监护人姓名,监护人电话";
    private const string GoodRow = "ED1,,张三,男,2015-03-07,511102,四川省乐山市市中区,L12345678901234567,实验小学,3,enrolled,张父,13800000000";

    private readonly GeneratedSample sample = new(children: 300, seed: 20261204);

    public void Dispose() => sample.Dispose();

    private static async Task<(ImportResult Result, string Messages, string[] Stored)> ImportAsync(ImportFolder folder)
    {
        var messages = new StringWriter();
        ImportResult result;
        await using (var target = await DatabaseTarget.OpenAsync(DatabaseOptions.Parse(folder.Database), CancellationToken.None))
        {
            result = await new Importer(target, messages).RunAsync(folder.Files, CancellationToken.None);
        }

        using var connection = new SqliteConnection($"Data Source={folder.Database}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT Agency || '|' || SourceId || '|' || RawJson FROM source_records ORDER BY Agency, SourceId";
        var stored = new List<string>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            stored.Add(reader.GetString(0));
        }

        return (result, messages.ToString(), [.. stored]);
    }

    private static List<string[]> CsvRows(string path)
    {
        using var text = new StreamReader(path, Encoding.UTF8);
        var csv = new CsvReader(text);
        var rows = new List<string[]>();
        var fields = new List<string>();
        while (csv.ReadRow(fields))
        {
            rows.Add([.. fields]);
        }

        return rows;
    }

    /// <summary>The same rows as an .xlsx workbook written by MiniExcel, every cell text, as a clerk's "save as" would.</summary>
    private static void WriteWorkbook(string path, List<string[]> rows)
    {
        var header = rows[0];
        var sheet = rows.Skip(1).Select(row => header.Select((column, i) => (column, row[i]))
            .ToDictionary(cell => cell.column, cell => (object)cell.Item2)).ToList();
        MiniExcel.SaveAs(path, sheet);
    }

    [Fact]
    public async Task AFileInUtf8InGbkAndAsAnXlsxWorkbookImportsIdentically()
    {
        var text = $"{ImportFolder.EducationHeader}\n{GoodRow}\n"
            + "ED2,51110220150307002X,阿依·木沙,女,2015/03/07,511102,\"乐山, 市中区\",,,4,enrolled,,\n"
            + "ED3,,欧阳淼,F,20150307,511102,峨眉山市,,,13,enrolled,,\n";
        using var utf8 = new ImportFolder().Write("education.csv", text);
        using var gbk = new ImportFolder().WriteBytes("education.csv", FileEncodings.Strict(FileEncoding.Gbk).GetBytes(text));
        using var xlsx = new ImportFolder();
        WriteWorkbook(Path.Combine(xlsx.Files, "education.xlsx"), CsvRows(Path.Combine(utf8.Files, "education.csv")));

        var fromUtf8 = await ImportAsync(utf8);
        var fromGbk = await ImportAsync(gbk);
        var fromXlsx = await ImportAsync(xlsx);

        Assert.Equal((2, 1), (fromUtf8.Result.Accepted, fromUtf8.Result.Rejected)); // Grade 13 is refused, in each form.
        Assert.Equal(fromUtf8.Stored, fromGbk.Stored);
        Assert.Equal(fromUtf8.Stored, fromXlsx.Stored);
        Assert.Equal([(4, "ED3", "grade")], fromGbk.Result.RejectedRows.Select(r => (r.Line, r.SourceId, r.Field)));
        Assert.Equal([(4, "ED3", "grade")], fromXlsx.Result.RejectedRows.Select(r => (r.Line, r.SourceId, r.Field)));
        Assert.Contains("education.csv: not valid UTF-8: read as GB18030 (GBK)", fromGbk.Messages);
    }

    [Fact]
    public async Task AWholeGeneratedSampleInUtf8InGb18030AndAsXlsxWorkbooksImportsIdentically()
    {
        using var utf8 = new ImportFolder();
        using var gbk = new ImportFolder();
        using var xlsx = new ImportFolder();
        // GB18030, not GBK: the generator writes names with characters GBK lacks (the separator •), as only a
        // GB18030 system could have exported them.
        var gbkEncoding = FileEncodings.Strict(FileEncoding.Gb18030);
        foreach (var path in Directory.GetFiles(sample.Folder))
        {
            var name = Path.GetFileName(path);
            utf8.WriteBytes(name, File.ReadAllBytes(path));
            gbk.WriteBytes(name, gbkEncoding.GetBytes(File.ReadAllText(path, Encoding.UTF8)));
            WriteWorkbook(Path.Combine(xlsx.Files, Path.ChangeExtension(name, ".xlsx")), CsvRows(path));
        }

        var fromUtf8 = await ImportAsync(utf8);
        var fromGbk = await ImportAsync(gbk);
        var fromXlsx = await ImportAsync(xlsx);

        var records = (int)sample.Summary.Records.Values.Sum();
        Assert.Equal(records, fromUtf8.Stored.Length);
        Assert.Equal(fromUtf8.Result.Accepted, records - fromUtf8.Result.Rejected);
        Assert.Equal(fromUtf8.Stored, fromGbk.Stored);
        Assert.Equal(fromUtf8.Stored, fromXlsx.Stored);
        Assert.Equal(fromUtf8.Result.RejectedRows.Select(r => (r.Line, r.SourceId, r.Field)), fromGbk.Result.RejectedRows.Select(r => (r.Line, r.SourceId, r.Field)));
        Assert.Contains("education.csv: not valid UTF-8: read as GB18030 (GBK)", fromGbk.Messages);
        Assert.DoesNotContain("GB18030", fromUtf8.Messages);
    }

    [Fact]
    public async Task ChineseHeadersMapOntoTheExchangeColumns()
    {
        using var english = new ImportFolder().Write("education.csv", $"{ImportFolder.EducationHeader}\n{GoodRow}\n");
        using var chinese = new ImportFolder().Write("education.csv", $"{ChineseEducationHeader}\n{GoodRow}\n");

        var (_, _, fromEnglish) = await ImportAsync(english);
        var (result, _, fromChinese) = await ImportAsync(chinese);

        Assert.Equal(1, result.Accepted);
        Assert.Equal(fromEnglish, fromChinese);
        Assert.Contains("\"student_no\":\"L12345678901234567\"", fromChinese[0], StringComparison.Ordinal);
    }

    [Fact]
    public void EveryExchangeColumnHasAChineseHeaderAndEachSpellingMeansOneColumn()
    {
        var columns = Domain.Agencies.AgencySchema.CommonColumns
            .Concat(Domain.Agencies.AgencyCodes.All.SelectMany(a => Domain.Agencies.AgencySchema.For(a).Columns.Select(c => c.Name))).Distinct();

        Assert.All(columns, column => Assert.NotEmpty(ColumnNames.ChineseOf(column)));
        Assert.Equal("id_number", ColumnNames.Canonical(" 身份证号码： "));
        Assert.Equal("region_code", ColumnNames.Canonical("户籍地"));
        Assert.Equal("name", ColumnNames.Canonical("NAME"));
        Assert.Equal("household_size", ColumnNames.Canonical("household_size"));
    }

    [Fact]
    public void TheDocumentedHeaderTableIsTheOneTheReaderUses()
    {
        var documented = DocumentedHeaders();

        Assert.Equal(ColumnNames.Table.Select(row => $"{row.Column}: {string.Join("、", row.Chinese)}"),
            documented.Select(row => $"{row.Column}: {string.Join("、", row.Chinese)}"));
    }

    [Fact]
    public async Task AWorkbookWithNumberAndDateCellsReadsAsItsCsvWould()
    {
        using var csv = new ImportFolder().Write("education.csv", $"{ImportFolder.EducationHeader}\n{GoodRow}\n");
        using var workbook = new ImportFolder();
        var header = ChineseEducationHeader.Split(',');
        var values = new object[] { "ED1", "", "张三", "男", new DateTime(2015, 3, 7), 511102, "四川省乐山市市中区", "L12345678901234567", "实验小学", 3, "enrolled", "张父", 13800000000L };
        MiniExcel.SaveAs(Path.Combine(workbook.Files, "education.xlsx"),
            new[] { header.Zip(values).ToDictionary(p => p.First, p => p.Second) });

        var (_, _, fromCsv) = await ImportAsync(csv);
        var (result, _, fromXlsx) = await ImportAsync(workbook);

        Assert.Equal((1, 0), (result.Accepted, result.Rejected));
        Assert.Equal(fromCsv, fromXlsx);
    }

    [Fact]
    public async Task AFileThatIsNotAWorkbookIsSkippedWithItsReason()
    {
        using var folder = new ImportFolder().Write("health.xlsx", "source_id,name\n");

        var (result, messages, _) = await ImportAsync(folder);

        Assert.Contains("skipped health.xlsx: not an .xlsx workbook", messages);
        Assert.Equal(1, result.ExitCode);
    }

    [Theory]
    [InlineData("missing-name")]
    [InlineData("not-gb18030")]
    [InlineData("ragged-header")]
    public async Task DxLinkAndDxImportRefuseTheSameBadFileWithTheSameMessage(string kind)
    {
        using var folder = new ImportFolder().Write("education.csv", $"{ImportFolder.EducationHeader}\n{GoodRow}\n");
        _ = kind switch
        {
            "missing-name" => folder.Write("health.csv", "source_id,id_number,sex,birth_date,region_code,address\nHE1,,M,2015-03-07,511102,乐山\n"),
            // 0xFF is no lead byte in UTF-8 nor in GB18030.
            "not-gb18030" => folder.WriteBytes("health.csv", [.. "source_id,id_number,name,sex,birth_date,region_code,address\nHE1,,"u8, 0xFF, 0xFF, .. "\n"u8]),
            _ => folder.Write("health.csv", "source_id,id_number,name,name,sex,birth_date,region_code,address\n"),
        };

        var link = await Dx.RunAsync(folder.Files, "link", ".", "--out", "../out");
        var import = await Dx.RunAsync(folder.Files, "import", ".", "--db", "../exchange.db");

        var reason = Assert.Single(import.ErrorLines, line => line.StartsWith("skipped health.csv: ", StringComparison.Ordinal));
        var linkLine = Assert.Single(link.ErrorLines);
        Assert.StartsWith($"dx link: {reason} — nothing linked", linkLine, StringComparison.Ordinal);
        Assert.Equal((2, 1), (link.ExitCode, import.ExitCode));
        Assert.False(Directory.Exists(Path.Combine(folder.Files, "..", "out")));
    }

    [Fact]
    public async Task DxLinkReadsGbkAndXlsxFilesAsDxImportDoes()
    {
        using var folder = new ImportFolder();
        foreach (var path in Directory.GetFiles(sample.Folder))
        {
            var name = Path.GetFileName(path);
            if (name.StartsWith("education", StringComparison.Ordinal))
            {
                WriteWorkbook(Path.Combine(folder.Files, "education.xlsx"), CsvRows(path));
            }
            else
            {
                folder.WriteBytes(name, FileEncodings.Strict(FileEncoding.Gb18030).GetBytes(File.ReadAllText(path, Encoding.UTF8)));
            }
        }

        var converted = await Dx.RunAsync(folder.Files, "link", ".", "--truth", sample.TruthFile);
        var original = await Dx.RunAsync(sample.Folder, "link", ".", "--truth", sample.TruthFile);

        Assert.Equal(0, converted.ExitCode);
        Assert.Equal(LastLine(original.Output), LastLine(converted.Output)); // The precision, recall, reach line.
        Assert.Contains("health.csv: not valid UTF-8: read as GB18030 (GBK)", converted.Error);

        static string LastLine(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
    }

    /// <summary>The header table of docs/exchange-files.md: rows "| `column` | 中文, 中文 |".</summary>
    private static List<(string Column, string[] Chinese)> DocumentedHeaders()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "DataExchange.sln")))
        {
            folder = folder.Parent;
        }

        Assert.NotNull(folder);
        var lines = File.ReadAllLines(Path.Combine(folder.FullName, "docs", "exchange-files.md"));
        var start = Array.FindIndex(lines, line => line.StartsWith("| exchange column | Chinese headers read as it", StringComparison.Ordinal));
        Assert.True(start >= 0, "docs/exchange-files.md has no header table");
        return [.. lines.Skip(start + 2).TakeWhile(line => line.StartsWith('|')).Select(line =>
        {
            var cells = line.Split('|', StringSplitOptions.TrimEntries);
            return (cells[1].Trim('`'), cells[2].Split('、', StringSplitOptions.TrimEntries));
        })];
    }
}
