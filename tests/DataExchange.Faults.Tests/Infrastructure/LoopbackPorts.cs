using System.Net;
using System.Net.Sockets;

namespace DataExchange.Faults.Tests.Infrastructure;

/// <summary>
/// Loopback ports for host processes and private servers, from this suite's own range (55100-55999: the machine's
/// helpers and CI keep to ranges of their own), skipping any port something already listens on.
/// </summary>
public static class LoopbackPorts
{
    private const int First = 55100;
    private const int Last = 55999;
    private static int next = First + (Environment.ProcessId % 40) * 20;

    public static int Take()
    {
        for (var tries = 0; tries <= Last - First; tries++)
        {
            var port = Interlocked.Increment(ref next);
            if (port > Last)
            {
                Interlocked.Exchange(ref next, First);
                continue;
            }

            if (Free(port))
            {
                return port;
            }
        }

        throw new InvalidOperationException($"No free loopback port between {First} and {Last}.");
    }

    private static bool Free(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
