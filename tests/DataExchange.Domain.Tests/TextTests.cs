using DataExchange.Domain.Normalization;

namespace DataExchange.Domain.Tests;

public class TextTests
{
    [Theory]
    [InlineData("１２３ＡＢＣ", "123ABC")]
    [InlineData("ａ　ｂ", "a b")]
    [InlineData("张伟", "张伟")]
    public void FullWidthCharactersFoldToHalfWidth(string input, string expected) =>
        Assert.Equal(expected, Text.ToHalfWidth(input));
}
