using System.Threading.RateLimiting;

namespace DataExchange.Api.Access;

/// <summary>
/// The <c>RateLimits</c> configuration section. Every limit is a token bucket: <see cref="TokenBucket.Permits"/> calls
/// are added every <see cref="TokenBucket.PeriodSeconds"/>, up to <see cref="TokenBucket.Burst"/> at once.
/// </summary>
public sealed class RateLimitSettings
{
    public const string Section = "RateLimits";

    /// <summary>Per client or person (after authentication), sustained calls per second.</summary>
    public int CallsPerSecond { get; set; } = 50;

    /// <summary>Per client or person, calls at once after a quiet spell.</summary>
    public int Burst { get; set; } = 200;

    /// <summary>Every gRPC call per remote address, before its token is looked at (refused: ResourceExhausted).</summary>
    public TokenBucket PerAddress { get; set; } = new() { Permits = 500, Burst = 2_000 };

    /// <summary><c>/connect/token</c> per remote address, whatever the client (refused: HTTP 429).</summary>
    public TokenBucket TokenPerAddress { get; set; } = new() { Permits = 10, Burst = 100 };

    /// <summary>
    /// <c>/connect/token</c> client credentials requests per client id and remote address, right or wrong secret
    /// (refused: HTTP 429).
    /// </summary>
    public TokenBucket TokenPerClient { get; set; } = new() { Permits = 1, Burst = 20 };

    /// <summary>Login form posts per remote address (refused: HTTP 429); see also <c>SignIn</c> throttling per account.</summary>
    public TokenBucket LoginPerAddress { get; set; } = new() { Permits = 2, Burst = 60 };

    /// <summary><c>VerifyIdentity</c> per client or person, on top of the general limit (refused: ResourceExhausted).</summary>
    public TokenBucket VerifyIdentity { get; set; } = new() { Permits = 100, PeriodSeconds = 60, Burst = 500 };
}

/// <summary>One token bucket's configuration.</summary>
public sealed class TokenBucket
{
    /// <summary>Calls allowed at once after a quiet spell (the bucket's size).</summary>
    public int Burst { get; set; }

    /// <summary>Calls added back every period.</summary>
    public int Permits { get; set; }

    public double PeriodSeconds { get; set; } = 1;

    public TokenBucketRateLimiterOptions Options() => new()
    {
        TokenLimit = Math.Max(1, Burst),
        TokensPerPeriod = Math.Max(1, Permits),
        ReplenishmentPeriod = TimeSpan.FromSeconds(PeriodSeconds > 0 ? PeriodSeconds : 1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}
