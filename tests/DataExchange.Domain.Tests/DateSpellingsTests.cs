using DataExchange.Domain.Normalization;

namespace DataExchange.Domain.Tests;

public class DateSpellingsTests
{
    [Theory]
    [InlineData("2015-03-07")]
    [InlineData("2015/03/07")]
    [InlineData("20150307")]
    [InlineData("2015年03月07日")]
    [InlineData("2015年3月7日")]
    [InlineData("2015.3.7")]
    [InlineData("２０１５－０３－０７")]
    [InlineData(" 2015-03-07 ")]
    public void EverySpellingInTheSpecReadsAsTheSameDate(string spelling)
    {
        Assert.True(DateSpellings.TryParse(spelling, out var date));
        Assert.Equal(new DateOnly(2015, 3, 7), date);
    }

    [Theory]
    [InlineData("2015-02-30")]
    [InlineData("2015-13-01")]
    [InlineData("07/03/2015")]
    [InlineData("yesterday")]
    [InlineData("")]
    public void ImpossibleOrAmbiguousDatesAreNotRead(string spelling) =>
        Assert.False(DateSpellings.TryParse(spelling, out _));
}
