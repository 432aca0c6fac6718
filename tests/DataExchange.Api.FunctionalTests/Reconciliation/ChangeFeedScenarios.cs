using DataExchange.Api.FunctionalTests.Infrastructure;
using DataExchange.Contracts.V1;
using Grpc.Core;
using Agency = DataExchange.Domain.Agencies.Agency;

namespace DataExchange.Api.FunctionalTests.Reconciliation;

/// <summary>The change feed over a real GrpcChannel: replay, tail, and resuming from a cursor.</summary>
public abstract class ChangeFeedScenarios<TFactory>(TFactory hub) : IClassFixture<TFactory>
    where TFactory : HubFactory
{
    private readonly Contracts.V1.RecordExchange.RecordExchangeClient schools = hub.RecordExchangeFor(Agency.Education);
    private readonly Contracts.V1.RecordExchange.RecordExchangeClient health = hub.RecordExchangeFor(Agency.Health);
    private readonly ChangeFeed.ChangeFeedClient feed = new(hub.CallInvokerFor(Agency.Education));

    [Fact]
    public async Task ASubscriberReconnectingFromItsLastCursorMissesNothingAndReceivesNothingTwice()
    {
        var kids = Enumerable.Range(0, 12).Select(i => new Kid("郭" + "子晨雨欣浩然梓涵俊杰"[i % 10] + "宇", new DateOnly(2010, 3, 1).AddDays(i * 3), 31 + 2 * i)).ToList();
        await schools.SubmitAsync(kids.Take(6).Select((kid, i) => kid.Student($"CF-ED{i}")), "feed-first");
        // A child only health holds is none of education's business.
        var other = new Kid("不相干", new DateOnly(2009, 1, 1), 99);
        await health.SubmitAsync([new ChildRecord { SourceId = "H1", IdNumber = other.Id, Name = other.Name, BirthDate = other.Iso, Health = new HealthDetails { HealthRecordNo = "H1" } }], "feed-health");

        var received = new List<SubscribeResponse>();
        // First connection: read the first four events, then drop the connection.
        using (var first = feed.Subscribe(new SubscribeRequest { AfterCursor = 0, Follow = true }, deadline: DateTime.UtcNow.AddMinutes(1)))
        {
            while (received.Count < 4 && await first.ResponseStream.MoveNext())
            {
                received.Add(first.ResponseStream.Current);
            }
        }

        // While disconnected, more children arrive.
        await schools.SubmitAsync(kids.Skip(6).Select((kid, i) => kid.Student($"CF-ED{i + 6}")), "feed-second");

        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        using var second = feed.Subscribe(new SubscribeRequest { AfterCursor = received[^1].Cursor, Follow = true }, cancellationToken: cancel.Token);
        while (received.Select(e => e.ChildId).Distinct().Count() < 12 && await second.ResponseStream.MoveNext(cancel.Token))
        {
            received.Add(second.ResponseStream.Current);
        }

        var cursors = received.Select(e => e.Cursor).ToList();
        Assert.Equal(cursors.Order(), cursors);
        Assert.Equal(cursors.Count, cursors.Distinct().Count());
        Assert.Equal(12, received.Select(e => e.ChildId).Distinct().Count());
        Assert.All(received, e => Assert.Equal("created", e.Kind));
    }
}

public sealed class ChangeFeedOnSqlite(SqliteHubFactory hub) : ChangeFeedScenarios<SqliteHubFactory>(hub);

public sealed class ChangeFeedOnPostgres(PostgresHubFactory hub) : ChangeFeedScenarios<PostgresHubFactory>(hub);
