using System.Text.Json;
using DataExchange.Data.Records;
using DataExchange.Domain.Agencies;
using DataExchange.Domain.Records;

namespace DataExchange.Data.Tests;

/// <summary>
/// RecordJson reads the stored form with a reader (StoredForm) and falls back to JsonSerializer for anything else: the
/// two must give the same record, or the same kind of error, for every input.
/// </summary>
public class StoredFormTests
{
    private static readonly SourceRecord[] Records =
    [
        new()
        {
            Agency = Agency.Education, SourceId = "ED-1", IdNumber = "43010420100101001X", Name = "王思远", Sex = "F", BirthDate = "2010-01-01",
            RegionCode = "430104", Address = "湖南省 \"长沙\" 岳麓区\\1号\n<二楼>&'",
            Details = new Dictionary<string, string> { ["address"] = "not this one", ["student_no"] = "G43010420100101001X", ["emoji"] = "👧", ["empty"] = "" },
            Attributes = new Dictionary<string, string> { ["note"] = "line\tbreak" },
        },
        new() { Agency = Agency.Health, SourceId = "HE-2" },
        new() { Agency = Agency.CivilAffairs, SourceId = "CI-3", Name = "\u0001\u001f", Details = new Dictionary<string, string> { ["guardian_name"] = "李 四" } },
    ];

    [Fact]
    public void ReadsTheStoredFormAsJsonSerializerDoes()
    {
        foreach (var record in Records)
        {
            var json = RecordJson.Serialize(record);

            Assert.NotNull(StoredForm.TryRead(record.Agency, json));
            AssertSame(RecordJson.DeserializeWithSerializer(record.Agency, json), RecordJson.Deserialize(record.Agency, json));
            Assert.Equal(record.Address, RecordJson.Deserialize(record.Agency, json).Address);
        }
    }

    [Theory]
    [InlineData("""{"name":null,"details":null,"attributes":null}""")]
    [InlineData("""{"name":"a","name":"b"}""")]
    [InlineData("""{"Name":"case differs","extra":{"nested":[1,{"a":null}]},"more":3}""")]
    [InlineData("""{"details":{"a":"1","a":"2"}}""")]
    [InlineData("""{"details":{"a":null}}""")]
    [InlineData("""{"details":{"a":1}}""")]
    [InlineData("""{"details":[]}""")]
    [InlineData("""{"name":1}""")]
    [InlineData("""{"name":"\u738b\"x\""}""")]
    [InlineData("""{"na\u006de":"escaped name"}""")]
    [InlineData(""" {"name":"spaced"} """)]
    [InlineData("""{"name":"a"} {}""")]
    [InlineData("""{"name":"a",}""")]
    [InlineData("{\"name\":\"a\"")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("")]
    public void AnyOtherInputGivesWhatJsonSerializerGives(string json)
    {
        var expected = Outcome(() => RecordJson.DeserializeWithSerializer(Agency.Education, json));
        var actual = Outcome(() => RecordJson.Deserialize(Agency.Education, json));

        Assert.Equal(expected.Error, actual.Error);
        if (expected.Record is not null)
        {
            AssertSame(expected.Record, actual.Record!);
        }
    }

    [Theory]
    [InlineData("""{"school":"长沙 \"一中\"","empty":"","emoji":"👧"}""")]
    [InlineData("{}")]
    [InlineData("""{"a":"1","a":"2"}""")]
    [InlineData("""{"a":null}""")]
    [InlineData("""{"a":1}""")]
    [InlineData("null")]
    [InlineData("""{"a":"1"} x""")]
    public void ColumnsAreReadAsJsonSerializerReadsThem(string json)
    {
        var expected = Outcome(() => RecordJson.DeserializeColumnsWithSerializer(json));
        var actual = Outcome(() => RecordJson.DeserializeColumns(json));

        Assert.Equal(expected.Error, actual.Error);
        Assert.Equal(expected.Record?.ToList(), actual.Record?.ToList()); // Same columns in the same order.
    }

    private static (T? Record, Type? Error) Outcome<T>(Func<T> read) where T : class
    {
        try
        {
            return (read(), null);
        }
        catch (Exception error) when (error is JsonException or InvalidDataException)
        {
            return (null, error.GetType());
        }
    }

    private static void AssertSame(SourceRecord expected, SourceRecord actual)
    {
        Assert.Equal(
            (expected.Agency, expected.SourceId, expected.IdNumber, expected.Name, expected.Sex, expected.BirthDate, expected.RegionCode, expected.Address),
            (actual.Agency, actual.SourceId, actual.IdNumber, actual.Name, actual.Sex, actual.BirthDate, actual.RegionCode, actual.Address));
        Assert.Equal(expected.Details.ToList(), actual.Details.ToList());
        Assert.Equal(expected.Attributes.ToList(), actual.Attributes.ToList());
    }
}
