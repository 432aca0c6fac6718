namespace DataExchange.Api.Auditing;

/// <summary>The <c>Audit</c> configuration section.</summary>
public sealed class AuditSettings
{
    public const string Section = "Audit";

    /// <summary>A purge never removes entries younger than this (Cybersecurity Law art. 21: network logs kept six months).</summary>
    public int MinimumRetentionDays { get; set; } = 184;

    /// <summary>
    /// Calls refused before a caller is known (no valid token, per-address limit) and calls refused by a rate limit
    /// are audited per source and window: the window's first refusal at once, the rest as one entry with their count
    /// when the window closes.
    /// </summary>
    public int RefusalWindowSeconds { get; set; } = 60;

    /// <summary>Distinct sources tallied per window; refusals from further sources share one entry (source "*").</summary>
    public int RefusalSourcesPerWindow { get; set; } = 1_000;
}
