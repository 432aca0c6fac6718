using System.Text;
using DataExchange.ExchangeFiles.Reading;

namespace DataExchange.Cli.Tests;

public class ImportCsvReaderTests
{
    private static List<(int Line, string[] Fields)> Read(string text)
    {
        var reader = new CsvReader(new StringReader(text));
        var rows = new List<(int, string[])>();
        var fields = new List<string>();
        while (reader.ReadRow(fields))
        {
            rows.Add((reader.RowLine, fields.ToArray()));
        }

        return rows;
    }

    [Fact]
    public void QuotedFieldsKeepTheirCommasDoubledQuotesAndLineBreaks()
    {
        var rows = Read("a,b,c\n\"x, y\",\"say \"\"hi\"\"\",\"line 1\nline 2\"\n");

        Assert.Equal(2, rows.Count);
        Assert.Equal(["x, y", "say \"hi\"", "line 1\nline 2"], rows[1].Fields);
    }

    [Fact]
    public void EachRowKnowsTheLineItStartsOnEvenAfterAMultiLineField()
    {
        var rows = Read("h1,h2\n\"a\nb\nc\",1\nd,2\n");

        Assert.Equal([1, 2, 5], rows.Select(row => row.Line));
    }

    [Fact]
    public void CrLfLineEndsAndAMissingFinalLineBreakReadLikeLf()
    {
        var rows = Read("h1,h2\r\na,1\r\nb,2");

        Assert.Equal(["b", "2"], rows[2].Fields);
        Assert.Equal(["a", "1"], rows[1].Fields);
    }

    [Fact]
    public void EmptyFieldsAndEmptyQuotedFieldsAreEmptyStrings()
    {
        var rows = Read(",\"\",\n");

        Assert.Equal(["", "", ""], rows[0].Fields);
    }

    [Fact]
    public void RaggedRowsComeBackWithTheirOwnFieldCount()
    {
        var rows = Read("a,b,c\n1,2\n1,2,3,4\n");

        Assert.Equal([3, 2, 4], rows.Select(row => row.Fields.Length));
    }

    [Fact]
    public void FieldsLongerThanTheBufferAreReadWhole()
    {
        var big = new string('字', 100_000);
        var rows = Read($"a,b\n\"{big}\",{big}\n");

        Assert.Equal(big, rows[1].Fields[0]);
        Assert.Equal(big, rows[1].Fields[1]);
    }

    [Fact]
    public void AUtf8ByteOrderMarkIsNotPartOfTheFirstColumnName()
    {
        using var folder = new ImportFolder().WriteBytes("health.csv",
            [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes("source_id,id_number,name,sex,birth_date,region_code,address\nX1,,张三,,,,\n")]);

        var (file, skipped) = AgencyFile.Inspect(Path.Combine(folder.Files, "health.csv"));

        Assert.Null(skipped);
        Assert.Equal(("X1", "张三"), file!.ReadRows().Select(row => (row.Record!.SourceId, row.Record.Name)).Single());
    }
}
