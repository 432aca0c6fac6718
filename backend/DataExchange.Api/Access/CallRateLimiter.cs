using System.Threading.RateLimiting;

namespace DataExchange.Api.Access;

/// <summary>The <c>RateLimits</c> configuration section: a token bucket per client or person.</summary>
public sealed class RateLimitSettings
{
    public const string Section = "RateLimits";

    /// <summary>Calls a client may make per second, sustained.</summary>
    public int CallsPerSecond { get; set; } = 50;

    /// <summary>Calls a client may make at once after a quiet spell.</summary>
    public int Burst { get; set; } = 200;
}

/// <summary>Per-client rate limiting; a refused call answers ResourceExhausted (and is audited like any other).</summary>
public sealed class CallRateLimiter(RateLimitSettings settings) : IDisposable
{
    private readonly PartitionedRateLimiter<string> limiter = PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = settings.Burst,
            TokensPerPeriod = settings.CallsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    public bool TryAcquire(string key)
    {
        using var lease = limiter.AttemptAcquire(key);
        return lease.IsAcquired;
    }

    public void Dispose() => limiter.Dispose();
}
