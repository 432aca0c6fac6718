using DataExchange.Domain.Normalization;

namespace DataExchange.Domain.Tests;

public class PersonNamesTests
{
    [Theory]
    [InlineData("阿依古丽·买买提")]
    [InlineData("阿依古丽•买买提")]
    [InlineData("阿依古丽.买买提")]
    [InlineData("阿依古丽・买买提")]
    [InlineData("阿依古丽 买买提")]
    [InlineData("阿依古丽．买买提")]
    [InlineData(" 阿依古丽··买买提 ")]
    public void MinorityNameSeparatorsAreUnified(string spelling) =>
        Assert.Equal("阿依古丽·买买提", PersonNames.Normalize(spelling));

    [Fact]
    public void ASpaceInsideAShortHanNameIsDropped() => Assert.Equal("张伟", PersonNames.Normalize("张 伟"));

    [Theory]
    [InlineData("ZHANG ZIHAN", "ZHANG ZIHAN")]
    [InlineData("Zhang  Zi Han", "ZHANG ZI HAN")]
    [InlineData("ＺＨＡＮＧ　ＷＥＩ", "ZHANG WEI")]
    public void RomanisedNamesAreFoldedToUpperCaseWithSingleSpaces(string spelling, string expected) =>
        Assert.Equal(expected, PersonNames.Normalize(spelling));
}
