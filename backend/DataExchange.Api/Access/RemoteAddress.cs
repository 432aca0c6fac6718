using System.Net;
using System.Net.Sockets;

namespace DataExchange.Api.Access;

/// <summary>
/// The source a pre-authentication limit and an anonymous refusal are counted against: the connection's remote address,
/// an IPv6 address by its /64 prefix (one host commonly holds a whole /64). Forwarded headers are not trusted.
/// </summary>
public static class RemoteAddress
{
    /// <summary>The source of a connection with no remote address (an in-process test server).</summary>
    public const string Unknown = "unknown";

    public static string Of(HttpContext http)
    {
        var address = http.Connection.RemoteIpAddress;
        if (address is null)
        {
            return Unknown;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6 || IPAddress.IsLoopback(address))
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
