using System.Text;
using Grpc.Core;

namespace DataExchange.Api.SecurityTests.Edges;

/// <summary>What a refused call put on the wire: the status message and the binary details, as a client reads them.</summary>
internal static class Replies
{
    /// <summary>The common client header limit is 8 KB; every error the hub sends must fit in half of it.</summary>
    public const int TrailerBudgetBytes = 4096;

    public static int MessageBytes(RpcException refused) => Encoding.UTF8.GetByteCount(refused.Status.Detail);

    public static int DetailsBytes(RpcException refused) =>
        refused.Trailers.Where(entry => entry.IsBinary).Sum(entry => entry.ValueBytes.Length);

    /// <summary>Asserts the refusal is small and clean: bounded message and details, no control character in the message.</summary>
    public static void AssertBounded(RpcException refused)
    {
        Assert.True(MessageBytes(refused) <= 1024, $"grpc-message of {MessageBytes(refused)} bytes");
        Assert.True(DetailsBytes(refused) <= 2048, $"grpc-status-details-bin of {DetailsBytes(refused)} bytes");
        // Percent-encoded, a UTF-8 byte takes at most three characters on the wire; base64 takes 4/3.
        Assert.True(MessageBytes(refused) * 3 + DetailsBytes(refused) * 4 / 3 <= TrailerBudgetBytes * 2, "trailers over 8 KB on the wire");
        Assert.DoesNotContain(refused.Status.Detail, char.IsControl);
    }
}
