using DataExchange.Api.Access.Caching;
using DataExchange.Data.Access;

namespace DataExchange.Api.SecurityTests.Caching;

/// <summary>
/// The cache of callers' status and grantees' live grants: served from memory only while nothing changed through
/// this host (the generation) and the entry is younger than Access:CacheSeconds (the bound for other hosts); failed
/// reads are never kept.
/// </summary>
public sealed class AccessStateCacheTests
{
    private readonly AccessChanges changes = new();
    private readonly ManualClock clock = new();
    private int reads;

    private AccessStateCache<string, string> Cache(double seconds = 1) => new(changes, clock, new AccessCacheSettings { CacheSeconds = seconds });

    private Task<string> Read(string key, CancellationToken _) => Task.FromResult($"{key}#{Interlocked.Increment(ref reads)}");

    [Fact]
    public async Task AFreshEntryIsServedWithoutReadingAgain()
    {
        var cache = Cache();
        Assert.Equal("a#1", await cache.GetAsync("a", Read, default));
        clock.Advance(TimeSpan.FromMilliseconds(900));
        Assert.Equal("a#1", await cache.GetAsync("a", Read, default));
        Assert.Equal("b#2", await cache.GetAsync("b", Read, default));
    }

    [Fact]
    public async Task AChangeCommittedThroughThisHostCountsOnTheNextCall()
    {
        var cache = Cache(seconds: 3600);
        await cache.GetAsync("a", Read, default);
        changes.Changed();
        Assert.Equal("a#2", await cache.GetAsync("a", Read, default));
        Assert.Equal("a#2", await cache.GetAsync("a", Read, default));
    }

    [Fact]
    public async Task AnEntryOlderThanTheBoundIsReadAgainSoAnotherHostsChangeCountsWithinIt()
    {
        var cache = Cache(seconds: 1);
        await cache.GetAsync("a", Read, default);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("a#2", await cache.GetAsync("a", Read, default));
    }

    [Fact]
    public async Task AReadThatStartedBeforeAChangeIsNotKept()
    {
        var cache = Cache(seconds: 3600);
        var release = new TaskCompletionSource();
        var first = cache.GetAsync("a", async (key, token) =>
        {
            await release.Task;
            return key + "#old";
        }, default).AsTask();
        // The change commits while the read is under way: it may have read the rows before the change.
        changes.Changed();
        release.SetResult();
        Assert.Equal("a#old", await first);
        Assert.Equal("a#1", await cache.GetAsync("a", Read, default));
    }

    [Fact]
    public async Task AFailedReadFailsTheCallAndIsNotKept()
    {
        var cache = Cache(seconds: 3600);
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            cache.GetAsync("a", (_, _) => Task.FromException<string>(new InvalidOperationException("database down")), default).AsTask());
        Assert.Equal("a#1", await cache.GetAsync("a", Read, default));
    }

    [Fact]
    public async Task ZeroSecondsReadsOnEveryCall()
    {
        var cache = Cache(seconds: 0);
        await cache.GetAsync("a", Read, default);
        Assert.Equal("a#2", await cache.GetAsync("a", Read, default));
    }

    [Fact]
    public async Task CallsThatMissTogetherShareOneRead()
    {
        var cache = Cache();
        var release = new TaskCompletionSource();
        async Task<string> Slow(string key, CancellationToken _)
        {
            Interlocked.Increment(ref reads);
            await release.Task;
            return key;
        }

        var calls = Enumerable.Range(0, 8).Select(_ => cache.GetAsync("a", Slow, default).AsTask()).ToList();
        release.SetResult();
        await Task.WhenAll(calls);
        Assert.Equal(1, reads);
    }
}
