using DataExchange.Domain.Errors;
using System.Globalization;
using DataExchange.Domain.Agencies;
using DataExchange.Domain.Normalization;

namespace DataExchange.Domain.Records;

/// <summary>Validates and normalises an agency's own columns against its <see cref="AgencySchema"/>.</summary>
internal static class AgencyColumns
{
    public static IReadOnlyDictionary<string, string> Normalize(SourceRecord raw, DateOnly today, List<FieldError> errors)
    {
        var schema = AgencySchema.For(raw.Agency);
        var normalized = new Dictionary<string, string>(schema.Columns.Count, StringComparer.Ordinal);
        foreach (var (name, _) in raw.Details)
        {
            if (!schema.HasColumn(name))
            {
                errors.Add(new(name, $"is not a column of {raw.Agency.ToCode()} records"));
            }
        }

        foreach (var column in schema.Columns)
        {
            var value = Text.Clean(raw.Detail(column.Name));
            if (value.Length > 0)
            {
                normalized[column.Name] = NormalizeValue(column, value, today, errors);
            }
        }

        return normalized;
    }

    private static string NormalizeValue(AgencyColumn column, string value, DateOnly today, List<FieldError> errors)
    {
        RecordIntake.CheckLength(column.Name, value, errors);
        switch (column.Kind)
        {
            case ColumnKind.Integer:
                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < column.Min || number > column.Max)
                {
                    errors.Add(new(column.Name, $"{Echo.Quote(value)} is not a whole number from {column.Min} to {column.Max}"));
                }

                return value;

            case ColumnKind.Enumeration:
                var code = value.ToLowerInvariant();
                if (!column.Allowed!.Contains(code))
                {
                    errors.Add(new(column.Name, $"{Echo.Quote(value)} is not one of {string.Join(", ", column.Allowed!)}"));
                }

                return code;

            case ColumnKind.Date:
                if (!DateSpellings.TryParse(value, out var date))
                {
                    errors.Add(new(column.Name, $"{Echo.Quote(value)} is not a date (use YYYY-MM-DD)"));
                    return value;
                }

                return DateSpellings.ToIso(date);

            case ColumnKind.Phone:
                var digits = Digits(value);
                if (value.AsSpan().IndexOfAnyExcept(PhoneCharacters) >= 0 || digits.Length is < 7 or > 15)
                {
                    errors.Add(new(column.Name, $"{Echo.Quote(value)} is not a phone number"));
                }

                return digits;

            case ColumnKind.IdNumber:
                return RecordIntake.CheckIdColumn(column.Name, value, today, errors).Normalized;

            case ColumnKind.StudentNumber:
                return NormalizeStudentNumber(column.Name, value, today, errors);

            case ColumnKind.DisabilityCertificate:
                return NormalizeCertificate(column.Name, value, today, errors);

            default:
                return value;
        }
    }

    private static readonly System.Buffers.SearchValues<char> PhoneCharacters = System.Buffers.SearchValues.Create("0123456789 -+()");

    private static string Digits(string value)
    {
        if (!value.AsSpan().ContainsAnyExceptInRange('0', '9'))
        {
            return value;
        }

        Span<char> digits = value.Length <= 64 ? stackalloc char[value.Length] : new char[value.Length];
        var count = 0;
        foreach (var character in value)
        {
            if (char.IsAsciiDigit(character))
            {
                digits[count++] = character;
            }
        }

        return new string(digits[..count]);
    }

    // G + ID number, or L + 17 digits for a child who has no ID number yet.
    private static string NormalizeStudentNumber(string field, string value, DateOnly today, List<FieldError> errors)
    {
        var compact = value.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        if (compact.StartsWith('G'))
        {
            var id = new List<FieldError>();
            var check = RecordIntake.CheckIdColumn(field, compact[1..], today, id);
            if (id.Count > 0)
            {
                errors.Add(new(field, $"{Echo.Quote(value)} is not G followed by an 18-character ID number"));
            }

            return "G" + check.Normalized;
        }

        if (compact.StartsWith('L') && compact.Length == 18 && compact[1..].All(char.IsAsciiDigit))
        {
            return compact;
        }

        errors.Add(new(field, $"{Echo.Quote(value)} is neither G + ID number nor L + 17 digits"));
        return compact;
    }

    // The holder's 18-character ID number + category digit (1-7) + level digit (1-4).
    private static string NormalizeCertificate(string field, string value, DateOnly today, List<FieldError> errors)
    {
        var compact = CitizenIdNormalizer(value);
        if (compact.Length != 20 || compact[18] is < '1' or > '7' || compact[19] is < '1' or > '4')
        {
            errors.Add(new(field, $"{Echo.Quote(value)} is not an 18-character ID number followed by a category digit (1-7) and a level digit (1-4)"));
            return compact;
        }

        var id = new List<FieldError>();
        RecordIntake.CheckIdColumn(field, compact[..18], today, id);
        if (id.Count > 0)
        {
            errors.Add(new(field, $"{Echo.Quote(value)} does not start with an 18-character ID number"));
        }

        return compact;
    }

    private static string CitizenIdNormalizer(string value) => Identifiers.CitizenIdNumber.Normalize(value);
}
