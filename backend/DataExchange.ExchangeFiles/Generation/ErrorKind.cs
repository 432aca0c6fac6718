namespace DataExchange.ExchangeFiles.Generation;

/// <summary>
/// Every way a generated record departs from the child's truth. The names (snake_case) are what
/// --rate and the --errors log use. See DOMAIN.md "Errors found in agency data".
/// </summary>
public enum ErrorKind
{
    IdMissing,
    IdDigitTypo,
    IdAdjacentSwap,
    IdFullWidth,
    IdLowerX,
    IdSpaces,
    IdSibling,
    NameHomophone,
    NameTraditional,
    NamePinyin,
    NameDroppedChar,
    NameSpace,
    NameSeparator,
    NameOld,
    DateDigit,
    DateDayOff,
    DateDayMonthSwap,
    DateSpelling,
    DateMissing,
    SexWrong,
    AddressShort,
    MovedRegion,
    DuplicateRecord,
    NoRegistration,
}

public static class ErrorKinds
{
    public static string ToCode(this ErrorKind kind)
    {
        var name = kind.ToString();
        var builder = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]))
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(name[i]));
        }

        return builder.ToString();
    }

    public static bool TryParse(string code, out ErrorKind kind)
    {
        foreach (var candidate in Enum.GetValues<ErrorKind>())
        {
            if (candidate.ToCode() == code)
            {
                kind = candidate;
                return true;
            }
        }

        kind = default;
        return false;
    }
}
