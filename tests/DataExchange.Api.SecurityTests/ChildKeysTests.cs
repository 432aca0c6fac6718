using System.Security.Cryptography;
using System.Text;
using DataExchange.Api.Auditing;
using DataExchange.Api.Identity;
using Microsoft.Extensions.Configuration;

namespace DataExchange.Api.SecurityTests;

/// <summary>
/// A child's key in the audit log is HMAC-SHA256 of the normalised ID number under the salt, first 16 bytes in hex: an
/// auditor holding the salt and a number computes the same key with any HMAC tool, whichever thread of the host made it.
/// </summary>
public sealed class ChildKeysTests
{
    private const string Salt = "an auditor's salt";

    [Theory]
    [InlineData("11010520160307002X", "11010520160307002X")]
    [InlineData("110105 2016-0307-002x", "11010520160307002X")]
    [InlineData("１１０１０５２０１６０３０７００２Ｘ", "11010520160307002X")]
    public void The_key_is_the_salted_HMAC_of_the_normalised_number(string given, string normalised)
    {
        using var keys = Keys();

        Assert.Equal(Expected(normalised), keys.For(given));
    }

    [Fact]
    public void Keys_made_one_after_another_and_on_many_threads_at_once_are_each_the_HMAC_of_their_own_number()
    {
        using var keys = Keys();
        var numbers = Enumerable.Range(0, 2_000).Select(i => $"110105201603{i:D6}").ToArray();

        var sequential = numbers.Select(keys.For).ToArray();
        var parallel = new string?[numbers.Length];
        Parallel.For(0, numbers.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => parallel[i] = keys.For(numbers[i]));

        Assert.Equal(numbers.Select(Expected), sequential);
        Assert.Equal(sequential, parallel);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" - ")]
    public void No_number_has_no_key(string? given)
    {
        using var keys = Keys();

        Assert.Null(keys.For(given));
    }

    private static ChildKeys Keys() =>
        new(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Audit:ChildKeySalt"] = Salt }).Build(), new IdentitySettings());

    private static string Expected(string normalised) =>
        "k:" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Salt), Encoding.UTF8.GetBytes(normalised)))[..32];
}
