namespace DataExchange.Domain.Agencies;

/// <summary>The agency codes of the exchange format (file names and the <c>agency</c> column of links.csv).</summary>
public static class AgencyCodes
{
    private static readonly Dictionary<Agency, string> CodeByAgency = new()
    {
        [Agency.PublicSecurity] = "public_security",
        [Agency.Education] = "education",
        [Agency.Health] = "health",
        [Agency.DisabledFederation] = "disabled_federation",
        [Agency.CivilAffairs] = "civil_affairs",
    };

    private static readonly Dictionary<string, Agency> AgencyByCode =
        CodeByAgency.ToDictionary(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal);

    public static IReadOnlyCollection<Agency> All { get; } = CodeByAgency.Keys.ToArray();

    public static string ToCode(this Agency agency) =>
        CodeByAgency.TryGetValue(agency, out var code) ? code : throw new ArgumentOutOfRangeException(nameof(agency), agency, "Unknown agency.");

    public static bool TryParse(string? code, out Agency agency) =>
        AgencyByCode.TryGetValue(code ?? "", out agency);
}
