using Microsoft.Extensions.Caching.Memory;

namespace DataExchange.Api.Identity;

/// <summary>The <c>SignIn</c> configuration section: backoff after wrong passwords, per account and remote address.</summary>
public sealed class SignInThrottleSettings
{
    public const string Section = "SignIn";

    /// <summary>Wrong passwords from one address for one account before it has to wait.</summary>
    public int FreeFailures { get; set; } = 5;

    /// <summary>The first wait; each further failure doubles it.</summary>
    public double FirstBackoffSeconds { get; set; } = 30;

    /// <summary>The longest wait; also how long an account's failures are remembered after the last one.</summary>
    public double MaxBackoffSeconds { get; set; } = 900;

    /// <summary>Accounts (e-mail addresses, existing or not) whose failures are remembered at once, per host.</summary>
    public int TrackedAccounts { get; set; } = 100_000;
}

/// <summary>
/// Throttles password guessing without handing anyone a lockout: failures are counted per e-mail address (whether or
/// not an account has it, so the answer does not tell them apart) and remote address. After
/// <see cref="SignInThrottleSettings.FreeFailures"/> that address waits before it may try that e-mail again, doubling
/// per failure up to the maximum; other addresses are unaffected and no account is locked or disabled, so live tokens
/// keep working. A success from an address clears its count; <see cref="Reset"/> ("unlock") clears an account's.
/// In memory, per host: a restart forgets the counts.
/// </summary>
public sealed class SignInThrottle(SignInThrottleSettings settings, TimeProvider clock) : IDisposable
{
    private const int AddressesPerAccount = 64;

    private readonly MemoryCache accounts = new(new MemoryCacheOptions { SizeLimit = settings.TrackedAccounts });

    private TimeSpan MaxBackoff => TimeSpan.FromSeconds(Math.Max(1, settings.MaxBackoffSeconds));

    /// <summary>How long this address must still wait before trying this e-mail address; null when it may try now.</summary>
    public TimeSpan? WaitFor(string account, string address)
    {
        if (!accounts.TryGetValue(account, out Failures? failures))
        {
            return null;
        }

        var wait = failures!.BlockedUntil(address) - clock.GetUtcNow();
        return wait > TimeSpan.Zero ? wait : null;
    }

    public void Failed(string account, string address)
    {
        var failures = accounts.GetOrCreate(account, entry =>
        {
            entry.Size = 1;
            entry.SlidingExpiration = MaxBackoff;
            return new Failures();
        })!;
        failures.Add(address, clock.GetUtcNow(), Backoff);
    }

    public void Succeeded(string account, string address)
    {
        if (accounts.TryGetValue(account, out Failures? failures))
        {
            failures!.Clear(address);
        }
    }

    /// <summary>An account's consecutive failures summed over its remote addresses, and the latest wait still running.</summary>
    public (int Failures, DateTimeOffset? ThrottledUntil) StateOf(string account)
    {
        if (!accounts.TryGetValue(account, out Failures? failures))
        {
            return (0, null);
        }

        var (count, until) = failures!.Totals();
        return (count, until > clock.GetUtcNow() ? until : null);
    }

    /// <summary>Forgets every failure for this e-mail address, from every remote address (an administrator's unlock).</summary>
    public void Reset(string account) => accounts.Remove(account);

    /// <summary>The wait after the given number of consecutive failures; zero while they are free.</summary>
    private TimeSpan Backoff(int count)
    {
        var over = count - Math.Max(1, settings.FreeFailures);
        if (over < 0)
        {
            return TimeSpan.Zero;
        }

        var seconds = Math.Max(1, settings.FirstBackoffSeconds) * Math.Pow(2, Math.Min(over, 30));
        return TimeSpan.FromSeconds(Math.Min(seconds, MaxBackoff.TotalSeconds));
    }

    public void Dispose() => accounts.Dispose();

    /// <summary>One account's consecutive failures per remote address.</summary>
    private sealed class Failures
    {
        private readonly Lock gate = new();
        private readonly Dictionary<string, (int Count, DateTimeOffset Last, DateTimeOffset Until)> byAddress = new(StringComparer.Ordinal);

        public DateTimeOffset BlockedUntil(string address)
        {
            lock (gate)
            {
                return byAddress.TryGetValue(address, out var entry) ? entry.Until : DateTimeOffset.MinValue;
            }
        }

        public void Add(string address, DateTimeOffset now, Func<int, TimeSpan> backoff)
        {
            lock (gate)
            {
                var count = byAddress.TryGetValue(address, out var entry) ? entry.Count + 1 : 1;
                if (count == 1 && byAddress.Count >= AddressesPerAccount)
                {
                    // Bounded: the address that failed least recently is forgotten first.
                    byAddress.Remove(byAddress.MinBy(other => other.Value.Last).Key);
                }

                byAddress[address] = (count, now, now + backoff(count));
            }
        }

        public (int Count, DateTimeOffset Until) Totals()
        {
            lock (gate)
            {
                return (byAddress.Values.Sum(entry => entry.Count),
                    byAddress.Count == 0 ? DateTimeOffset.MinValue : byAddress.Values.Max(entry => entry.Until));
            }
        }

        public void Clear(string address)
        {
            lock (gate)
            {
                byAddress.Remove(address);
            }
        }
    }
}
