using DataExchange.Domain.Agencies;
using DataExchange.Domain.Reconciliation;

namespace DataExchange.Domain.Tests.Reconciliation;

/// <summary>Terse literal records for the reconciliation tests.</summary>
internal static class Linked
{
    public static readonly DateTime Monday = new(2026, 11, 2, 1, 0, 0, DateTimeKind.Utc);

    public static LinkedRecord Record(Agency agency, string sourceId, DateTime? updated = null, int version = 1, params (string Column, string Value)[] values) =>
        new(agency, sourceId, version, updated ?? Monday, values.ToDictionary(pair => pair.Column, pair => pair.Value));

    public static LinkedRecord Household(string sourceId, params (string, string)[] values) => Record(Agency.PublicSecurity, sourceId, null, 1, values);

    public static LinkedRecord School(string sourceId, params (string, string)[] values) => Record(Agency.Education, sourceId, null, 1, values);

    public static LinkedRecord Welfare(string sourceId, params (string, string)[] values) => Record(Agency.CivilAffairs, sourceId, null, 1, values);
}
