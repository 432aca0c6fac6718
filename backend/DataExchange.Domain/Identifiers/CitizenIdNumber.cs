using DataExchange.Domain.Normalization;

namespace DataExchange.Domain.Identifiers;

/// <summary>
/// A citizen ID number (公民身份号码, GB 11643-1999): 6-digit region, 8-digit birth date,
/// 3-digit sequence (odd male, even female) and an ISO 7064 MOD 11-2 check character.
/// </summary>
public sealed record CitizenIdNumber(string Value, string RegionCode, DateOnly BirthDate, Sex Sex)
{
    public const int Length = 18;

    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckCharacters = "10X98765432";

    /// <summary>Half-width, no spaces or dashes, upper-case X: the form every comparison uses.</summary>
    public static string Normalize(string? raw)
    {
        var folded = Text.ToHalfWidth(raw ?? "");
        Span<char> buffer = stackalloc char[folded.Length];
        var length = 0;
        foreach (var character in folded)
        {
            if (character is ' ' or '\t' or '-')
            {
                continue;
            }

            buffer[length++] = character == 'x' ? 'X' : character;
        }

        return new string(buffer[..length]);
    }

    /// <summary>The check character the first 17 digits call for, or null when they are not 17 digits.</summary>
    public static char? ComputeCheckCharacter(ReadOnlySpan<char> first17)
    {
        if (first17.Length != 17)
        {
            return null;
        }

        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            if (!char.IsAsciiDigit(first17[i]))
            {
                return null;
            }

            sum += (first17[i] - '0') * Weights[i];
        }

        return CheckCharacters[sum % 11];
    }

    /// <summary>Parses a normalised or raw ID number and explains what is wrong with it, if anything.</summary>
    public static IdNumberCheck Check(string? raw, DateOnly? today = null)
    {
        var value = Normalize(raw);
        if (value.Length == 0)
        {
            return new IdNumberCheck(value, IdNumberProblem.Missing, null);
        }

        if (value.Length != Length)
        {
            return new IdNumberCheck(value, IdNumberProblem.WrongLength, null);
        }

        for (var i = 0; i < 17; i++)
        {
            if (!char.IsAsciiDigit(value[i]))
            {
                return new IdNumberCheck(value, IdNumberProblem.IllegalCharacter, null);
            }
        }

        if (!char.IsAsciiDigit(value[17]) && value[17] != 'X')
        {
            return new IdNumberCheck(value, IdNumberProblem.IllegalCharacter, null);
        }

        if (!TryReadBirthDate(value, today ?? DateOnly.FromDateTime(DateTime.UtcNow), out var birthDate))
        {
            return new IdNumberCheck(value, IdNumberProblem.ImpossibleBirthDate, null);
        }

        var parsed = new CitizenIdNumber(value, value[..6], birthDate, (value[16] - '0') % 2 == 1 ? Sex.Male : Sex.Female);
        return ComputeCheckCharacter(value.AsSpan(0, 17)) == value[17]
            ? new IdNumberCheck(value, IdNumberProblem.None, parsed)
            : new IdNumberCheck(value, IdNumberProblem.WrongCheckCharacter, parsed);
    }

    /// <summary>True for a well-formed ID with the right check character.</summary>
    public static bool IsValid(string? raw) => Check(raw).Problem == IdNumberProblem.None;

    /// <summary>Masks all but the region's first 4 and the last 4 characters, e.g. <c>5111**********123X</c>.</summary>
    public static string Mask(string value) =>
        value.Length <= 8 ? new string('*', value.Length) : value[..4] + new string('*', value.Length - 8) + value[^4..];

    private static bool TryReadBirthDate(string value, DateOnly today, out DateOnly birthDate)
    {
        birthDate = default;
        var year = int.Parse(value.AsSpan(6, 4));
        var month = int.Parse(value.AsSpan(10, 2));
        var day = int.Parse(value.AsSpan(12, 2));
        if (year < 1900 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        birthDate = new DateOnly(year, month, day);
        return birthDate <= today;
    }
}

/// <summary>The outcome of checking an ID number; <see cref="Parsed"/> is set whenever the digits could be read.</summary>
public sealed record IdNumberCheck(string Normalized, IdNumberProblem Problem, CitizenIdNumber? Parsed)
{
    public bool IsValid => Problem == IdNumberProblem.None;

    public string Describe() => Problem switch
    {
        IdNumberProblem.None => "",
        IdNumberProblem.Missing => "no ID number was given",
        IdNumberProblem.WrongLength => $"an ID number has 18 characters, this one has {Normalized.Length}",
        IdNumberProblem.IllegalCharacter => "an ID number is 17 digits followed by a digit or X",
        IdNumberProblem.ImpossibleBirthDate => $"the embedded birth date {Normalized.Substring(6, 8)} is not a real past date",
        IdNumberProblem.WrongCheckCharacter => $"the check character should be {CitizenIdNumber.ComputeCheckCharacter(Normalized.AsSpan(0, 17))}, not {Normalized[17]} (a typo or swapped digits)",
        _ => Problem.ToString(),
    };
}

/// <summary>What is wrong with an ID number.</summary>
public enum IdNumberProblem
{
    None,
    Missing,
    WrongLength,
    IllegalCharacter,
    ImpossibleBirthDate,
    WrongCheckCharacter,
}
