using DataExchange.Data.Records;
using DataExchange.Domain.Agencies;
using DataExchange.Domain.Records;

namespace DataExchange.Data.Tests;

public class RecordJsonTests
{
    private static readonly SourceRecord Record = new()
    {
        Agency = Agency.Education,
        SourceId = "ED-1",
        Name = "王思远",
        Address = "湖南省 \"长沙\" 岳麓区\\1号",
        Details = new Dictionary<string, string> { ["address"] = "not this one", ["student_no"] = "S1" },
    };

    [Fact]
    public void ReadsOneTopLevelPropertyExactlyAsTheFullParseDoes()
    {
        var json = RecordJson.Serialize(Record);

        Assert.Equal(RecordJson.Deserialize(Agency.Education, json).Address, RecordJson.ReadProperty(json, "address"));
        Assert.Equal("王思远", RecordJson.ReadProperty(json, "name"));
    }

    [Fact]
    public void AnAbsentOrNonStringPropertyReadsAsEmpty()
    {
        var json = RecordJson.Serialize(Record);

        Assert.Equal("", RecordJson.ReadProperty(json, "nickname"));
        Assert.Equal("", RecordJson.ReadProperty(json, "details"));
        Assert.Equal("", RecordJson.ReadProperty("{}", "address"));
    }

    [Fact]
    public void ColumnsAreWrittenExactlyAsJsonSerializerWritesThemAndReadBack()
    {
        var columns = new Dictionary<string, string>
        {
            ["school"] = "长沙市第一中学 \"实验\" 班",
            ["note"] = "line\nbreak\t<tag>&'",
            ["empty"] = "",
            ["emoji"] = "👧",
        };
        var options = new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        var json = RecordJson.SerializeColumns(columns);

        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(columns, options), json);
        Assert.Equal(columns, RecordJson.DeserializeColumns(json));
        Assert.Equal("{}", RecordJson.SerializeColumns(new Dictionary<string, string>()));
    }
}
