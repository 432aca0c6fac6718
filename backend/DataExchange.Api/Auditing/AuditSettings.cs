namespace DataExchange.Api.Auditing;

/// <summary>The <c>Audit</c> configuration section.</summary>
public sealed class AuditSettings
{
    public const string Section = "Audit";

    /// <summary>A purge never removes entries younger than this (Cybersecurity Law art. 21: network logs kept six months).</summary>
    public int MinimumRetentionDays { get; set; } = 184;
}
