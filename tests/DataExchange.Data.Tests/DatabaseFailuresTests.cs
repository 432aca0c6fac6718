using System.Net.Sockets;
using DataExchange.Data.Providers;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace DataExchange.Data.Tests;

/// <summary>
/// A database that cannot be reached is told from a real fault: the first becomes gRPC Unavailable (retry later) and
/// never charges a queued record; the second stays an error.
/// </summary>
public sealed class DatabaseFailuresTests
{
    [Fact]
    public void AConnectionRefusedWhereverItIsWrappedIsUnavailable()
    {
        var refused = new NpgsqlException("Failed to connect to 127.0.0.1:5432", new SocketException((int)SocketError.ConnectionRefused));

        Assert.True(DatabaseFailures.IsUnavailable(refused));
        Assert.True(DatabaseFailures.IsUnavailable(new DbUpdateException("saving failed", refused)));
        Assert.True(DatabaseFailures.IsUnavailable(new RetryLimitExceededException("gave up", refused)));
        Assert.True(DatabaseFailures.IsUnavailable(new InvalidOperationException("outer", new TimeoutException())));
    }

    [Fact]
    public void ABugOrBadDataIsNotUnavailable()
    {
        Assert.False(DatabaseFailures.IsUnavailable(new InvalidOperationException("Sequence contains no elements")));
        Assert.False(DatabaseFailures.IsUnavailable(new DbUpdateException("unique", new SqliteException("UNIQUE constraint failed", 19))));
        Assert.False(DatabaseFailures.IsUnavailable(null));
    }

    [Fact]
    public async Task AStoppedPostgresServerIsUnavailable()
    {
        // Nothing listens on port 1 of loopback: refused at once, as a stopped server is.
        await using var connection = new NpgsqlConnection("Host=127.0.0.1;Port=1;Username=x;Password=x;Timeout=2");
        var failure = await Record.ExceptionAsync(() => connection.OpenAsync());

        Assert.True(DatabaseFailures.IsUnavailable(failure), failure?.ToString());
    }
}
