using DataExchange.Domain.Identifiers;

namespace DataExchange.Domain.Tests;

public class CitizenIdNumberTests
{
    // Check characters computed by ISO 7064 MOD 11-2; the X example is the standard's own.
    private const string Valid = "511181201808049524";
    private const string ValidWithX = "11010519491231002X";

    [Theory]
    [InlineData(Valid)]
    [InlineData(ValidWithX)]
    public void AValidIdPassesItsCheckCharacter(string id) => Assert.True(CitizenIdNumber.IsValid(id));

    [Fact]
    public void OneMistypedDigitIsCaughtByTheCheckCharacter()
    {
        var check = CitizenIdNumber.Check("511181201808049534");
        Assert.Equal(IdNumberProblem.WrongCheckCharacter, check.Problem);
        Assert.Contains("check character should be 2, not 4", check.Describe());
    }

    [Fact]
    public void TwoSwappedAdjacentDigitsAreCaughtByTheCheckCharacter()
    {
        // 49 -> 94 in the sequence digits.
        Assert.Equal(IdNumberProblem.WrongCheckCharacter, CitizenIdNumber.Check("511181201808094524").Problem);
    }

    [Fact]
    public void ALowerCaseXIsReadAsUpperCase()
    {
        var check = CitizenIdNumber.Check("11010519491231002x");
        Assert.True(check.IsValid);
        Assert.Equal(ValidWithX, check.Normalized);
    }

    [Fact]
    public void FullWidthDigitsAndSpacesAreFolded()
    {
        var check = CitizenIdNumber.Check("５１１１８１ ２０１８０８０４ ９５２４");
        Assert.True(check.IsValid);
        Assert.Equal(Valid, check.Normalized);
    }

    [Fact]
    public void RegionBirthDateAndSexAreExtracted()
    {
        var parsed = CitizenIdNumber.Check(Valid).Parsed!;
        Assert.Equal("511181", parsed.RegionCode);
        Assert.Equal(new DateOnly(2018, 8, 4), parsed.BirthDate);
        Assert.Equal(Sex.Female, parsed.Sex); // sequence 952: even
        Assert.Equal(Sex.Male, CitizenIdNumber.Check("500113201805219656").Parsed!.Sex); // 965: odd
    }

    [Theory]
    [InlineData("", IdNumberProblem.Missing)]
    [InlineData("51118120180804952", IdNumberProblem.WrongLength)]
    [InlineData("51118120180804952A", IdNumberProblem.IllegalCharacter)]
    [InlineData("511181201813049524", IdNumberProblem.ImpossibleBirthDate)]
    public void MalformedIdsSayWhatIsWrong(string id, IdNumberProblem expected) =>
        Assert.Equal(expected, CitizenIdNumber.Check(id).Problem);

    [Fact]
    public void MaskingKeepsTheFirstAndLastFour() =>
        Assert.Equal("1101**********002X", CitizenIdNumber.Mask(ValidWithX));
}
