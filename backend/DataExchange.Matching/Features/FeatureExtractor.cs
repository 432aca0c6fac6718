using System.Globalization;
using DataExchange.Domain.Identifiers;
using DataExchange.Domain.Normalization;
using DataExchange.Domain.Records;

namespace DataExchange.Matching.Features;

/// <summary>Turns an agency record into <see cref="RecordFeatures"/>: done once per record, never in the pair loop.</summary>
public static class FeatureExtractor
{
    // A fixed "today" keeps features reproducible: an ID's birth date only has to be a real date.
    private static readonly DateOnly Today = new(2100, 1, 1);

    // Validity flags are a handful of patterns; one shared array each instead of one per record.
    // By count of IDs (0 to 3), then by the bit pattern of which are valid.
    private static readonly bool[][][] ValidFlags =
        [.. Enumerable.Range(0, 4).Select(count => Enumerable.Range(0, 1 << count).Select(bits => Enumerable.Range(0, count).Select(i => (bits >> i & 1) == 1).ToArray()).ToArray())];

    /// <param name="interner">Shares names, addresses and family hashes across a batch (see <see cref="FeatureInterner"/>); null: none shared.</param>
    public static RecordFeatures Extract(SourceRecord record, FeatureInterner? interner = null)
    {
        var ids = new List<string>(2);
        var valid = new List<bool>(2);
        var idBirth = 0;
        var idSex = Sex.Unknown;
        AddId(record.IdNumber);
        // Identifiers that carry the ID inside them: student number G+ID, disability certificate ID+2 digits.
        var student = CitizenIdNumber.Normalize(record.Detail("student_no")).ToUpperInvariant();
        if (student.Length == 19 && student[0] == 'G')
        {
            AddId(student[1..]);
        }

        var certificate = CitizenIdNumber.Normalize(record.Detail("disability_cert_no"));
        if (certificate.Length == 20)
        {
            AddId(certificate[..18]);
        }

        var birth = DateSpellings.TryParse(record.BirthDate, out var date) ? ToNumber(date) : 0;
        return new RecordFeatures
        {
            Agency = record.Agency,
            SourceId = record.SourceId,
            Ids = interner?.Ids([.. ids]) ?? [.. ids],
            IdValid = Flags(valid),
            IdBirth = idBirth,
            IdSex = idSex,
            Birth = birth,
            BirthDay = birth == 0 ? 0 : date.DayNumber,
            Sex = SexCodes.Parse(record.Sex) ?? Sex.Unknown,
            Region = ParseRegion(record.RegionCode),
            Name = interner?.Name(record.Name) ?? NameFeatures.From(record.Name),
            Address = interner?.Address(record.Address) ?? AddressFeatures.From(record.Address),
            FamilyNames = interner?.Hashes(FamilyNames(record)) ?? FamilyNames(record),
            Phones = Phones(record.Detail("guardian_phone")),
            ParentIds = interner?.Hashes(ParentIds(record)) ?? ParentIds(record),
        };

        void AddId(string raw)
        {
            var check = CitizenIdNumber.Check(raw, Today);
            if (check.Normalized.Length == 0 || ids.Contains(check.Normalized))
            {
                return;
            }

            ids.Add(check.Normalized);
            valid.Add(check.IsValid);
            if (idBirth == 0 && check.Parsed is { } parsed)
            {
                idBirth = ToNumber(parsed.BirthDate);
                idSex = parsed.Sex;
            }
        }
    }

    private static bool[] Flags(List<bool> valid)
    {
        if (valid.Count > 3)
        {
            return [.. valid];
        }

        var bits = 0;
        for (var i = 0; i < valid.Count; i++)
        {
            bits |= valid[i] ? 1 << i : 0;
        }

        return ValidFlags[valid.Count][bits];
    }

    public static int ToNumber(DateOnly date) => date.Year * 10000 + date.Month * 100 + date.Day;

    private static int ParseRegion(string raw)
    {
        var value = Text.Clean(raw);
        return value.Length == 6 && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var region) ? region : 0;
    }

    private static long[] FamilyNames(SourceRecord record)
    {
        var hashes = new List<long>(3);
        foreach (var column in (string[])["guardian_name", "father_name", "mother_name"])
        {
            var hash = NameFeatures.PinyinHash(record.Detail(column));
            if (hash != 0)
            {
                hashes.Add((long)hash);
            }
        }

        return [.. hashes];
    }

    private static long[] Phones(string raw)
    {
        Span<char> digits = stackalloc char[32];
        var length = 0;
        foreach (var character in Text.ToHalfWidth(raw))
        {
            if (char.IsAsciiDigit(character) && length < digits.Length)
            {
                digits[length++] = character;
            }
        }

        return length >= 7 && long.TryParse(digits[..length], NumberStyles.None, CultureInfo.InvariantCulture, out var phone) ? [phone] : [];
    }

    private static long[] ParentIds(SourceRecord record)
    {
        var ids = new List<long>(2);
        foreach (var column in (string[])["father_id_number", "mother_id_number"])
        {
            var id = CitizenIdNumber.Normalize(record.Detail(column));
            if (id.Length == CitizenIdNumber.Length)
            {
                ids.Add((long)StableHash.Of(id));
            }
        }

        return [.. ids];
    }
}
