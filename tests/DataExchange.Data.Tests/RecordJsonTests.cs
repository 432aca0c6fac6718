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
}
