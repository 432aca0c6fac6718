namespace DataExchange.Data.Entities;

/// <summary>One partner agency as the hub administers it; a disabled agency's clients and people are refused.</summary>
public class AgencyEntity
{
    /// <summary>The agency code of the exchange format (e.g. <c>education</c>).</summary>
    public required string Code { get; set; }
    public required string DisplayName { get; set; }
    public bool Disabled { get; set; }
}
