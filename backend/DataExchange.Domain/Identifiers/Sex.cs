namespace DataExchange.Domain.Identifiers;

/// <summary>Sex as the registers record it.</summary>
public enum Sex
{
    Unknown = 0,
    Male = 1,
    Female = 2,
}

public static class SexCodes
{
    /// <summary>Reads M/F (and the Chinese 男/女); anything else is null, empty is Unknown.</summary>
    public static Sex? Parse(string? value) => (value ?? "").Trim().ToUpperInvariant() switch
    {
        "" => Sex.Unknown,
        "M" or "男" or "MALE" => Sex.Male,
        "F" or "女" or "FEMALE" => Sex.Female,
        _ => null,
    };

    public static string ToCode(this Sex sex) => sex switch
    {
        Sex.Male => "M",
        Sex.Female => "F",
        _ => "",
    };
}
