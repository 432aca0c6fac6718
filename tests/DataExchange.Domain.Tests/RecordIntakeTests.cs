using DataExchange.Domain.Agencies;
using DataExchange.Domain.Identifiers;
using DataExchange.Domain.Records;

namespace DataExchange.Domain.Tests;

public class RecordIntakeTests
{
    private static readonly DateOnly Today = new(2026, 11, 22);

    private static SourceRecord Student(Action<Dictionary<string, string>>? details = null, string idNumber = "511181201808049524")
    {
        var columns = new Dictionary<string, string>
        {
            ["student_no"] = "G" + idNumber,
            ["school_name"] = "乐山市实验小学",
            ["grade"] = "2",
            ["enrollment_status"] = "enrolled",
            ["guardian_phone"] = "139 7522 0167",
        };
        details?.Invoke(columns);
        return new SourceRecord
        {
            Agency = Agency.Education,
            SourceId = " ED0001 ",
            IdNumber = idNumber,
            Name = "孙磊睿",
            Sex = "F",
            BirthDate = "2018年08月04日",
            RegionCode = "511181",
            Details = columns,
            DetailsAgency = Agency.Education,
        };
    }

    [Fact]
    public void AGoodRecordIsNormalisedAndTheRawValuesAreKept()
    {
        var result = RecordIntake.Normalize(Student(idNumber: "５１１１８１２０１８０８０４９５２４"), Today);

        var record = Assert.IsType<NormalizedRecord>(result.Record);
        Assert.Equal("ED0001", record.Raw.SourceId);
        Assert.Equal("511181201808049524", record.IdNumber);
        Assert.True(record.IdNumberValid);
        Assert.Equal(new DateOnly(2018, 8, 4), record.BirthDate);
        Assert.Equal(Sex.Female, record.Sex);
        Assert.Equal("13975220167", record.Details["guardian_phone"]);
        Assert.Equal("G511181201808049524", record.Details["student_no"]);
        Assert.Equal("2018年08月04日", record.Raw.BirthDate);
    }

    [Fact]
    public void AWrongCheckCharacterIsAcceptedButFlagged()
    {
        var result = RecordIntake.Normalize(Student(idNumber: "511181201808049525"), Today);

        Assert.True(result.Accepted);
        Assert.False(result.Record!.IdNumberValid);
        Assert.Equal(new DateOnly(2018, 8, 4), result.Record.IdParts!.BirthDate);
    }

    [Theory]
    [InlineData("id_number", "51118120180804952")]
    [InlineData("id_number", "5111812018080495Z4")]
    public void AnIdThatCannotBeAnIdIsRefusedNamingTheField(string field, string idNumber)
    {
        var result = RecordIntake.Normalize(Student(idNumber: idNumber) with { Details = new Dictionary<string, string>() }, Today);

        Assert.False(result.Accepted);
        Assert.Equal(field, Assert.Single(result.Errors).Field);
    }

    [Theory]
    [InlineData("grade", "13")]
    [InlineData("enrollment_status", "expelled")]
    [InlineData("guardian_phone", "call the school")]
    [InlineData("student_no", "X12345")]
    public void AnAgencyColumnOutOfItsDomainIsRefusedNamingTheColumn(string column, string value)
    {
        var result = RecordIntake.Normalize(Student(columns => columns[column] = value), Today);

        Assert.Equal(column, Assert.Single(result.Errors).Field);
        Assert.Contains(value, result.Errors[0].Reason);
    }

    [Fact]
    public void AColumnOfAnotherAgencyIsRefused()
    {
        var result = RecordIntake.Normalize(Student(columns => columns["disability_level"] = "2"), Today);

        Assert.Equal("disability_level", Assert.Single(result.Errors).Field);
    }

    [Fact]
    public void EveryProblemOfARecordIsReported()
    {
        var record = Student() with { SourceId = "", Sex = "X", BirthDate = "2030-01-01", RegionCode = "5111" };

        var fields = RecordIntake.Normalize(record, Today).Errors.Select(error => error.Field);

        Assert.Equal(["source_id", "sex", "birth_date", "region_code"], fields);
    }

    [Fact]
    public void ADisabilityCertificateMustCarryAnIdAndTwoDigits()
    {
        var record = new SourceRecord
        {
            Agency = Agency.DisabledFederation,
            SourceId = "DI1",
            Name = "李军娟",
            Details = new Dictionary<string, string> { ["disability_cert_no"] = "45010320090520071182" },
        };

        var result = RecordIntake.Normalize(record, Today);

        Assert.Equal("disability_cert_no", Assert.Single(result.Errors).Field); // level digit 2 ok, category 8 is not 1-7
    }

    [Fact]
    public void TheSameContentHashesTheSameWhateverTheColumnOrder()
    {
        var one = Student();
        var other = one with { Details = one.Details.Reverse().ToDictionary() };

        Assert.Equal(ContentHash.Compute(one), ContentHash.Compute(other));
        Assert.NotEqual(ContentHash.Compute(one), ContentHash.Compute(one with { Name = "孙磊瑞" }));
    }
}
