namespace DataExchange.Domain.Identifiers;

/// <summary>
/// Masks an ID-bearing value (an ID number, a student number G + ID, a certificate number ID + category + level) for
/// someone who must compare it with another, a data steward: the usual mask (region's first 4 and last 4 of the ID),
/// plus the positions where its ID differs from the other's when they differ in at most two places (a mistyped or
/// swapped digit). Two IDs differing in more places are two numbers, and seeing where would reveal both.
/// Characters outside the embedded ID (a certificate's category and level) are always masked.
/// </summary>
public static class IdComparisonMask
{
    /// <summary>At most this many differing positions are shown.</summary>
    public const int MaxShownDifferences = 2;

    public static string Mask(string value, string? other)
    {
        var (prefix, id, suffix) = Split(value);
        if (id.Length <= 8)
        {
            return new string('*', value.Length);
        }

        var masked = CitizenIdNumber.Mask(id).ToCharArray();
        var reference = other is null ? "" : Split(other).Id;
        if (reference.Length == id.Length)
        {
            var differing = Enumerable.Range(0, id.Length).Where(i => id[i] != reference[i]).ToList();
            if (differing.Count <= MaxShownDifferences)
            {
                foreach (var i in differing)
                {
                    masked[i] = id[i];
                }
            }
        }

        return prefix + new string(masked) + new string('*', suffix.Length);
    }

    /// <summary>A value's parts: a letter before the ID (student number), the ID, what follows it (certificate).</summary>
    private static (string Prefix, string Id, string Suffix) Split(string value)
    {
        var length = CitizenIdNumber.Length;
        if (value.Length == length + 1 && char.IsAsciiLetter(value[0]))
        {
            return (value[..1], value[1..], ""); // student number: G + ID
        }

        return value.Length > length ? ("", value[..length], value[length..]) : ("", value, "");
    }
}
