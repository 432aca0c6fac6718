using DataExchange.Domain.Identifiers;

namespace DataExchange.Domain.Records;

/// <summary>The values of a record as the hub compares them; the raw record is always kept beside it.</summary>
public sealed record NormalizedRecord
{
    public required SourceRecord Raw { get; init; }

    /// <summary>Half-width, no spaces, upper-case X; empty when none was sent.</summary>
    public required string IdNumber { get; init; }

    /// <summary>Set when the ID's digits could be read (even with a wrong check character): region, birth date, sex.</summary>
    public CitizenIdNumber? IdParts { get; init; }

    /// <summary>True when the ID number has a valid check character and a real birth date.</summary>
    public required bool IdNumberValid { get; init; }

    public required string Name { get; init; }
    public required Sex Sex { get; init; }
    public DateOnly? BirthDate { get; init; }
    public required string RegionCode { get; init; }
    public required string Address { get; init; }

    /// <summary>The agency's own columns, normalised (dates ISO, phones digits only, codes upper-case).</summary>
    public required IReadOnlyDictionary<string, string> Details { get; init; }
}
