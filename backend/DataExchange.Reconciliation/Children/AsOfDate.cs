namespace DataExchange.Reconciliation.Children;

/// <summary>
/// The day the discovery rules judge against (ages, visit duties): a fixed date when configured
/// (Reconciliation:AsOfDate for the host, --as-of for dx), otherwise today in the host's time zone. Rules never read
/// the clock themselves: they are handed this date.
/// </summary>
public sealed class AsOfDate(TimeProvider clock, DateOnly? fixedDate = null)
{
    /// <summary>The configuration key of the host's fixed as-of date (YYYY-MM-DD); absent means today.</summary>
    public const string Setting = "Reconciliation:AsOfDate";

    public DateOnly? Fixed => fixedDate;

    public DateOnly Today() => fixedDate ?? DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
}
