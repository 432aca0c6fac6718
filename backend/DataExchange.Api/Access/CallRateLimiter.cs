using System.Threading.RateLimiting;

namespace DataExchange.Api.Access;

/// <summary>
/// Limits after authentication: a token bucket per client or person, and per-rpc quotas on top of it for rpcs that
/// answer questions worth enumerating (VerifyIdentity). A refused call answers ResourceExhausted.
/// </summary>
public sealed class CallRateLimiter(RateLimitSettings settings) : IDisposable
{
    private const string VerifyIdentityMethod = "/dataexchange.v1.RecordExchange/VerifyIdentity";

    private readonly PartitionedRateLimiter<string> perCaller = PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucket
        {
            Burst = settings.Burst, Permits = settings.CallsPerSecond, PeriodSeconds = 1,
        }.Options()));

    private readonly PartitionedRateLimiter<string> verifyIdentity = PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetTokenBucketLimiter(key, _ => settings.VerifyIdentity.Options()));

    public bool TryAcquire(string key)
    {
        using var lease = perCaller.AttemptAcquire(key);
        return lease.IsAcquired;
    }

    /// <summary>The rpc's own quota for this caller; null when it has none or it is not used up, else the refusal.</summary>
    public string? QuotaRefusal(string method, string key)
    {
        if (method != VerifyIdentityMethod)
        {
            return null;
        }

        using var lease = verifyIdentity.AttemptAcquire(key);
        return lease.IsAcquired
            ? null
            : $"VerifyIdentity quota used up for this caller ({settings.VerifyIdentity.Permits} per "
              + $"{settings.VerifyIdentity.PeriodSeconds:0.#} s, {settings.VerifyIdentity.Burst} at once); retry later.";
    }

    public void Dispose()
    {
        perCaller.Dispose();
        verifyIdentity.Dispose();
    }
}
