using DataExchange.Api.Callers;
using DataExchange.Api.Grpc.Mapping;
using DataExchange.Contracts.V1;
using DataExchange.Data;
using DataExchange.Domain.Agencies;
using DataExchange.Reconciliation;
using DataExchange.Reconciliation.Children;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;

namespace DataExchange.Api.Grpc.Reconciliation;

/// <summary>
/// The change feed: replays stored events after the cursor, then (follow) tails new ones, only those that changed the
/// caller's agency's own records of a child (linked, changed, moved, retracted: see ChildHoldings), each with the kind
/// that agency saw and no detail, so no event tells of another agency's record or of an alert not the caller's. The cursor is the event's sequence, assigned in commit order by the
/// single reconciliation writer, so resuming from the last cursor received misses nothing and repeats nothing.
/// </summary>
public sealed class ChangeFeedService(ICallerContext callers, IDbContextFactory<ExchangeDbContext> contexts, ChangeNotifier notifier) : ChangeFeed.ChangeFeedBase
{
    private const int Page = 500;
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    public override async Task Subscribe(SubscribeRequest request, IServerStreamWriter<SubscribeResponse> responseStream, ServerCallContext context)
    {
        var agency = callers.RequireAgency(context).ToCode();
        var marker = ChildHoldings.Marker(agency);
        var cursor = Math.Max(0, request.AfterCursor);
        var cancellationToken = context.CancellationToken;
        // Headers now, not with the first event: a follower learns at once that the subscription was accepted,
        // even when nothing changes for hours.
        await context.WriteResponseHeadersAsync([]);
        while (!cancellationToken.IsCancellationRequested)
        {
            // Take the notifier's current signal before reading, so a commit between the read and the wait is not missed.
            var wake = notifier.WaitAsync(PollInterval, cancellationToken);
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var events = await db.ChangeEvents.AsNoTracking()
                .Where(e => e.Sequence > cursor && e.Agencies.Contains(marker))
                .OrderBy(e => e.Sequence).Take(Page).ToListAsync(cancellationToken);
            foreach (var change in events)
            {
                await responseStream.WriteAsync(new SubscribeResponse
                {
                    Cursor = change.Sequence, ChildId = change.ChildPublicId, Kind = ChildHoldings.KindFor(change.Agencies, agency) ?? change.Kind,
                    At = ChildMapping.Time(change.CreatedAt),
                }, cancellationToken);
                cursor = change.Sequence;
            }

            if (events.Count < Page && !request.Follow)
            {
                return; // Caught up, and asked for the stored events only.
            }

            if (events.Count < Page)
            {
                try
                {
                    await wake;
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
