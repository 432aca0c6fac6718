using DataExchange.Api.SecurityTests.Infrastructure;
using DataExchange.Contracts.V1;
using DataExchange.Domain.Agencies;
using DataExchange.Reconciliation.Children;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Agency = DataExchange.Domain.Agencies.Agency;
using Contract = DataExchange.Contracts.V1;

namespace DataExchange.Api.SecurityTests.Disclosure;

/// <summary>
/// Issue 10, the property behind findings 1 and 2: for every pair of agencies A and B without a grant, nothing A
/// receives from any rpc that returns child data (GetChild with and without a purpose, GetChildHistory, SearchChildren,
/// ChangeFeed.Subscribe, GetSourceRecord) depends on B's records. Two worlds that differ only in B's records: one hub
/// holding every other agency's generated records (sent by each agency's system, linked on arrival), observed by each
/// A; then B's records arrive, and every A's replies must be byte-for-byte what they were. The filters probed are the
/// values of every agency's records, B's included (its ID numbers, names, pinyin initials, birth dates, regions,
/// categories), and B's children, which A may not see, answer exactly as unknown ones.
/// </summary>
public sealed class OtherAgenciesRecordsPropertyTests
{
    public static TheoryData<Agency> Agencies => [.. AgencyCodes.All];

    [Theory]
    [MemberData(nameof(Agencies))]
    public async Task NothingAnAgencyReceivesDependsOnTheRecordsOfAnAgencyThatGrantedItNothing(Agency b)
    {
        await using var hub = new SqliteSecurityHub();
        await ((IAsyncLifetime)hub).InitializeAsync();
        var records = GeneratedRecords.ByAgency;
        var readers = AgencyCodes.All.Where(agency => agency != b).ToList();
        foreach (var agency in readers)
        {
            await SendAsync(hub, agency, records[agency]);
        }

        var probes = Probes(records);
        var before = new Dictionary<Agency, List<string>>();
        foreach (var a in readers)
        {
            before[a] = await ObserveAsync(hub, a, b, probes);
        }

        var eventsBefore = await CountEventsAsync(hub);
        await SendAsync(hub, b, records[b]);

        // Not vacuous: B's records joined children the readers hold, and the hub announced it (to B).
        await using (var db = await hub.Contexts().CreateDbContextAsync())
        {
            var code = b.ToCode();
            var shared = await db.ChildHoldings.Where(h => h.Agency == code)
                .CountAsync(h => db.ChildHoldings.Any(other => other.ChildId == h.ChildId && other.Agency != code));
            Assert.True(shared > 0, $"No child of the other agencies holds a record of {code}: the property would hold vacuously.");
        }

        Assert.True(await CountEventsAsync(hub) > eventsBefore);
        foreach (var a in readers)
        {
            var after = await ObserveAsync(hub, a, b, probes);
            Assert.Equal(before[a].Count, after.Count);
            for (var i = 0; i < after.Count; i++)
            {
                Assert.True(before[a][i] == after[i], $"{a.ToCode()} received something else after {b.ToCode()}'s records arrived:\n{before[a][i]}\n{after[i]}");
            }

            await AssertHiddenChildrenAreUnknownAsync(hub, a);
        }
    }

    /// <summary>Everything A receives for the probes, one reply (or error) per line, in a fixed order.</summary>
    private static async Task<List<string>> ObserveAsync(SecurityHub hub, Agency a, Agency b, IReadOnlyList<SearchChildrenRequest> probes)
    {
        var invoker = hub.AgencyInvoker(a);
        var directory = new ChildDirectory.ChildDirectoryClient(invoker);
        var seen = new List<string>();

        var feed = new ChangeFeed.ChangeFeedClient(invoker).Subscribe(new SubscribeRequest { AfterCursor = 0, Follow = false });
        var children = new SortedSet<string>(StringComparer.Ordinal);
        await foreach (var change in feed.ResponseStream.ReadAllAsync())
        {
            seen.Add("feed " + JsonFormatter.Default.Format(change));
            children.Add(change.ChildId);
        }

        foreach (var probe in probes)
        {
            var found = await Reply(() => directory.SearchChildrenAsync(probe).ResponseAsync);
            seen.Add("search " + probe + " " + found);
        }

        foreach (var childId in children)
        {
            seen.Add("child " + await Reply(() => directory.GetChildAsync(new GetChildRequest { ChildId = childId }).ResponseAsync));
            seen.Add("child for a purpose " + await Reply(() => directory.GetChildAsync(new GetChildRequest
            {
                ChildId = childId, Purpose = Contract.Purpose.CaseHandling, RevealIds = true,
            }).ResponseAsync));
            seen.Add("history " + await Reply(() => directory.GetChildHistoryAsync(new GetChildHistoryRequest { ChildId = childId }).ResponseAsync));
        }

        var exchange = new Contract.RecordExchange.RecordExchangeClient(invoker);
        foreach (var record in GeneratedRecords.ByAgency[b].Take(5))
        {
            seen.Add("source record " + await Reply(() => exchange.GetSourceRecordAsync(new GetSourceRecordRequest
            {
                SourceId = record.SourceId, Agency = (Contract.Agency)(int)b, Purpose = Contract.Purpose.CaseHandling,
            }).ResponseAsync));
        }

        return seen;
    }

    /// <summary>A child holding none of A's records answers GetChild and GetChildHistory exactly as an id never given out.</summary>
    private static async Task AssertHiddenChildrenAreUnknownAsync(SecurityHub hub, Agency a)
    {
        var code = a.ToCode();
        await using var db = await hub.Contexts().CreateDbContextAsync();
        var hidden = await db.Children.Where(c => c.Active && !db.ChildHoldings.Any(h => h.ChildId == c.Id && h.Agency == code))
            .Select(c => c.PublicId).Take(5).ToListAsync();
        var directory = new ChildDirectory.ChildDirectoryClient(hub.AgencyInvoker(a));
        var unknown = await Reply(() => directory.GetChildAsync(new GetChildRequest { ChildId = "C-never" }).ResponseAsync);
        foreach (var childId in hidden)
        {
            var read = await Reply(() => directory.GetChildAsync(new GetChildRequest { ChildId = childId, Purpose = Contract.Purpose.CaseHandling }).ResponseAsync);
            var history = await Reply(() => directory.GetChildHistoryAsync(new GetChildHistoryRequest { ChildId = childId }).ResponseAsync);
            Assert.Equal(unknown.Replace("C-never", "ID"), read.Replace(childId, "ID"));
            Assert.Equal(unknown.Replace("C-never", "ID"), history.Replace(childId, "ID"));
        }
    }

    /// <summary>Search filters on every agency's values: the first records of each, every category, and no filter at all.</summary>
    private static List<SearchChildrenRequest> Probes(IReadOnlyDictionary<Agency, IReadOnlyList<ChildRecord>> records)
    {
        var probes = new List<SearchChildrenRequest> { new(), new() { PageSize = 200 } };
        probes.AddRange(new[] { "orphan", "de_facto_unsupported", "left_behind", "in_difficulty" }.Select(category => new SearchChildrenRequest { Category = category }));
        foreach (var record in records.Values.SelectMany(list => list.Take(3)))
        {
            if (record.IdNumber.Length > 0)
            {
                probes.Add(new SearchChildrenRequest { IdNumber = record.IdNumber });
            }

            if (record.Name.Length > 0)
            {
                probes.Add(new SearchChildrenRequest { Name = record.Name });
                probes.Add(new SearchChildrenRequest { Name = record.Name[..1] });
                probes.Add(new SearchChildrenRequest { Name = NamePinyin.Of(record.Name) is { Length: > 0 } pinyin ? pinyin[..1] : "a" });
            }

            probes.Add(new SearchChildrenRequest { BirthDate = record.BirthDate, RegionCode = record.RegionCode.Length >= 4 ? record.RegionCode[..4] : "" });
        }

        return probes;
    }

    private static async Task SendAsync(SecurityHub hub, Agency agency, IEnumerable<ChildRecord> records)
    {
        // One record at a time: UpsertRecord links on arrival, so linking does not depend on how a background slice fell.
        var client = new Contract.RecordExchange.RecordExchangeClient(hub.AgencyInvoker(agency));
        foreach (var record in records)
        {
            try
            {
                await client.UpsertRecordAsync(new UpsertRecordRequest { Record = record });
            }
            catch (RpcException refused) when (refused.StatusCode == StatusCode.InvalidArgument)
            {
                // A generated clerk error the intake refuses (and names): not part of either world.
            }
        }
    }

    private static async Task<string> Reply<T>(Func<Task<T>> call) where T : IMessage
    {
        try
        {
            return JsonFormatter.Default.Format(await call());
        }
        catch (RpcException error)
        {
            return $"{error.StatusCode}: {error.Status.Detail}";
        }
    }

    private static async Task<int> CountEventsAsync(SecurityHub hub)
    {
        await using var db = await hub.Contexts().CreateDbContextAsync();
        return await db.ChangeEvents.CountAsync();
    }
}
