using System.Globalization;
using DataExchange.Data.Audit;

namespace DataExchange.Api.Auditing;

/// <summary>
/// Audits refusals that disclose nothing and can be provoked at any rate (no valid token, a rate limit, a quota)
/// without letting a flood grow the append-only log: per source (remote address, or the principal when known),
/// outcome and window, the first refusal is written at once, before its reply leaves (so it fails closed like any
/// entry), and the rest as one entry when the window closes, whose detail starts with <c>count=N;</c>. The counts of
/// a window's entries add up to its refusals. At most <see cref="AuditSettings.RefusalSourcesPerWindow"/> sources are
/// tallied apart per window; the rest share source "*". A crash loses at most the open windows' counts.
/// </summary>
public sealed class RefusalTally(IAuditSink sink, AuditSettings settings, TimeProvider clock, ILogger<RefusalTally> logger)
    : BackgroundService
{
    private const int ListedRpcs = 5;
    private static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(10);

    private readonly Lock gate = new();
    private readonly Dictionary<WindowKey, Window> open = [];

    private TimeSpan Length => TimeSpan.FromSeconds(Math.Max(1, settings.RefusalWindowSeconds));

    /// <summary>Tallies one refusal; writes it at once when it opens its window (throws when that write fails).</summary>
    public async Task RecordAsync(AuditDraft refusal, string source, CancellationToken cancellationToken)
    {
        var start = WindowStart(clock.GetUtcNow());
        WindowKey key;
        lock (gate)
        {
            key = new WindowKey(start, source, refusal.PrincipalKind, refusal.Principal, refusal.Agency, refusal.Outcome);
            if (!open.ContainsKey(key) && open.Keys.Count(other => other.Start == start) >= settings.RefusalSourcesPerWindow)
            {
                key = key with { Source = "*", Principal = "" };
            }

            if (open.TryGetValue(key, out var window))
            {
                window.Add(refusal.Rpc);
                return;
            }

            open[key] = new Window();
        }

        try
        {
            await sink.AppendAsync(refusal with
            {
                Detail = Truncate($"count=1; {Describe(key)}; first refusal of the window, the rest follow in one entry "
                                  + "when it closes" + (refusal.Detail.Length > 0 ? "; " + refusal.Detail : "")),
            }, cancellationToken);
        }
        catch
        {
            lock (gate)
            {
                // Not written: the next refusal of this source opens the window again.
                if (open.Remove(key, out var window) && window.Count > 0)
                {
                    logger.LogCritical("{Count} refusals ({Key}) lost their audit window", window.Count, Describe(key));
                }
            }

            throw;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(1, Length.TotalSeconds / 4)), clock, stoppingToken);
                await FlushAsync(WindowStart(clock.GetUtcNow()));
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down: every window closes now.
        }

        await FlushAsync(DateTimeOffset.MaxValue);
    }

    /// <summary>Writes one entry for each window that started before <paramref name="before"/> and has more refusals.</summary>
    private async Task FlushAsync(DateTimeOffset before)
    {
        List<KeyValuePair<WindowKey, Window>> closing;
        lock (gate)
        {
            closing = [.. open.Where(entry => entry.Key.Start < before)];
            foreach (var entry in closing)
            {
                open.Remove(entry.Key);
            }
        }

        foreach (var (key, window) in closing.Where(entry => entry.Value.Count > 0))
        {
            try
            {
                using var timeout = new CancellationTokenSource(WriteTimeout);
                await sink.AppendAsync(Summary(key, window), timeout.Token);
            }
            catch (Exception exception)
            {
                logger.LogCritical(exception, "Audit entry for {Count} refusals ({Key}) could not be written; retrying",
                    window.Count, Describe(key));
                if (before != DateTimeOffset.MaxValue)
                {
                    lock (gate)
                    {
                        open[key] = window;
                    }
                }
            }
        }
    }

    private AuditDraft Summary(WindowKey key, Window window)
    {
        var rpcs = window.Rpcs.OrderByDescending(entry => entry.Value).ThenBy(entry => entry.Key, StringComparer.Ordinal).ToList();
        var listed = string.Join(',', rpcs.Take(ListedRpcs).Select(entry => $"{entry.Key}x{entry.Value}"));
        var more = rpcs.Count > ListedRpcs ? $",+{rpcs.Count - ListedRpcs} more" : "";
        return new AuditDraft
        {
            PrincipalKind = key.PrincipalKind,
            Principal = key.Principal,
            Agency = key.Agency,
            Rpc = rpcs.Count == 1 ? rpcs[0].Key : "*",
            Outcome = key.Outcome,
            Detail = Truncate($"count={window.Count}; {Describe(key)}; rest of the window; rpcs={listed}{more}"),
        };
    }

    private string Describe(WindowKey key) => string.Create(CultureInfo.InvariantCulture,
        $"source={(key.Source.Length > 0 ? key.Source : "principal")}; window={key.Start:yyyy-MM-ddTHH:mm:ssZ}/{Length.TotalSeconds:0}s");

    private DateTimeOffset WindowStart(DateTimeOffset now)
    {
        var ticks = Length.Ticks;
        return new DateTimeOffset(now.UtcTicks / ticks * ticks, TimeSpan.Zero);
    }

    private static string Truncate(string value) => value.Length <= 500 ? value : value[..500];

    private readonly record struct WindowKey(
        DateTimeOffset Start, string Source, string PrincipalKind, string Principal, string Agency, string Outcome);

    /// <summary>The refusals after a window's first: how many, and of which rpcs.</summary>
    private sealed class Window
    {
        private const int TrackedRpcs = 50;

        public int Count { get; private set; }
        public Dictionary<string, int> Rpcs { get; } = new(StringComparer.Ordinal);

        public void Add(string rpc)
        {
            Count++;
            // Unknown methods are caller-chosen strings: past a few dozen they share one name.
            var name = Rpcs.ContainsKey(rpc) || Rpcs.Count < TrackedRpcs ? rpc : "(other)";
            Rpcs[name] = Rpcs.GetValueOrDefault(name) + 1;
        }
    }
}
