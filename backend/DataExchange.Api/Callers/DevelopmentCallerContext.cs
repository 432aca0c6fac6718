namespace DataExchange.Api.Callers;

/// <summary>
/// The former header fallback, now only a test-only opt-in: with <c>Identity:AllowDevelopmentAgencyHeader</c> set
/// (default off) on a Development host, a call carrying no Authorization header may name its agency in this header.
/// The default host accepts bearer tokens only.
/// </summary>
public static class DevelopmentCallerContext
{
    public const string AgencyHeader = "x-dx-agency";
}
