using System.Data.Common;
using Microsoft.EntityFrameworkCore.Storage;

namespace DataExchange.Data.Providers;

/// <summary>
/// Tells a database that cannot be reached (stopped, restarting, failing over, network) from a real fault: the first is
/// worth a retry by the caller (gRPC Unavailable), the second is a bug or bad data.
/// </summary>
public static class DatabaseFailures
{
    /// <summary>
    /// How often a unit of work is retried on a transient failure, and the longest pause between tries: short, so that
    /// while the database is down a call answers Unavailable in about a second instead of waiting out its deadline.
    /// </summary>
    public const int RetryCount = 2;

    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMilliseconds(500);

    /// <summary>True when <paramref name="exception"/> (or what it wraps) says the database is unreachable for now.</summary>
    public static bool IsUnavailable(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is RetryLimitExceededException or TimeoutException or System.Net.Sockets.SocketException
                || current is DbException { IsTransient: true })
            {
                return true;
            }
        }

        return false;
    }
}
