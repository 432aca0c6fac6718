using DataExchange.Domain.Errors;
using DataExchange.Domain.Agencies;
using DataExchange.Domain.Identifiers;
using DataExchange.Domain.Normalization;

namespace DataExchange.Domain.Records;

/// <summary>
/// The gate every record passes on its way in, whatever the channel (gRPC stream, upsert, CSV import):
/// it normalises what can be normalised and refuses, field by field, what cannot be read at all.
/// A typo that still leaves a readable value (a wrong check character, a day off) is accepted:
/// spotting those is the matching engine's job, and refusing them would lose the child's record.
/// </summary>
public static class RecordIntake
{
    public const int MaxSourceIdLength = 64;
    public const int MaxTextLength = 200;

    public static IntakeResult Normalize(SourceRecord raw, DateOnly? today = null)
    {
        if (RecordLimits.CheckSize(raw) is { } tooLarge)
        {
            // Nothing more is read from a record this large: its values would only be echoed back in errors.
            return new IntakeResult(null, [tooLarge]);
        }

        var errors = new List<FieldError>();
        // Today where it is latest (UTC+14): a date is in the future only when it is after today in every time zone,
        // so a child born this morning in Beijing is not refused while it is still yesterday in UTC.
        var now = today ?? DateOnly.FromDateTime(DateTime.UtcNow.AddHours(14));

        var sourceId = Text.Clean(raw.SourceId);
        if (sourceId.Length == 0)
        {
            errors.Add(new("source_id", "is required: the agency's own key for the record"));
        }
        else if (sourceId.Length > MaxSourceIdLength)
        {
            errors.Add(new("source_id", $"is {sourceId.Length} characters long; at most {MaxSourceIdLength} are allowed"));
        }

        if (raw.DetailsAgency is { } detailsAgency && detailsAgency != raw.Agency)
        {
            errors.Add(new("details", $"holds {detailsAgency.ToCode()} columns, but the record belongs to {raw.Agency.ToCode()}"));
        }

        var id = CheckIdColumn("id_number", raw.IdNumber, now, errors);
        var name = PersonNames.Normalize(raw.Name);
        if (name.Length == 0 && id.Normalized.Length == 0)
        {
            errors.Add(new("name", "is required when there is no id_number: nothing would identify the child"));
        }

        CheckLength("name", name, errors);
        CheckLength("address", raw.Address, errors);

        var sex = SexCodes.Parse(raw.Sex);
        if (sex is null)
        {
            errors.Add(new("sex", $"{Echo.Quote(raw.Sex)} is not M, F or empty"));
        }

        DateOnly? birthDate = null;
        if (Text.Clean(raw.BirthDate).Length > 0)
        {
            if (!DateSpellings.TryParse(raw.BirthDate, out var parsed))
            {
                errors.Add(new("birth_date", $"{Echo.Quote(raw.BirthDate)} is not a date (use YYYY-MM-DD)"));
            }
            else if (parsed > now)
            {
                errors.Add(new("birth_date", $"{DateSpellings.ToIso(parsed)} is in the future"));
            }
            else
            {
                birthDate = parsed;
            }
        }

        var region = Text.Clean(raw.RegionCode);
        if (region.Length > 0 && (region.Length != 6 || !region.All(char.IsAsciiDigit)))
        {
            errors.Add(new("region_code", $"{Echo.Quote(raw.RegionCode)} is not a 6-digit division code"));
        }

        var details = AgencyColumns.Normalize(raw, now, errors);
        RecordLimits.CheckAttributes(raw.Attributes, errors);
        if (errors.Count > 0)
        {
            return new IntakeResult(null, errors);
        }

        return new IntakeResult(new NormalizedRecord
        {
            Raw = raw with { SourceId = sourceId },
            IdNumber = id.Normalized,
            IdParts = id.Parsed,
            IdNumberValid = id.IsValid,
            Name = name,
            Sex = sex ?? Sex.Unknown,
            BirthDate = birthDate,
            RegionCode = region,
            Address = Text.Clean(raw.Address),
            Details = details,
        }, errors);
    }

    /// <summary>
    /// An ID column is refused only when it cannot be an ID at all (wrong length, letters); a wrong check
    /// character or an impossible embedded date is kept and flagged invalid.
    /// </summary>
    internal static IdNumberCheck CheckIdColumn(string field, string raw, DateOnly today, List<FieldError> errors)
    {
        var check = CitizenIdNumber.Check(raw, today);
        if (check.Problem is IdNumberProblem.WrongLength or IdNumberProblem.IllegalCharacter)
        {
            errors.Add(new(field, $"{Echo.Quote(raw)}: {check.Describe()}"));
        }

        return check;
    }

    internal static void CheckLength(string field, string value, List<FieldError> errors)
    {
        if (value.Length > MaxTextLength)
        {
            errors.Add(new(field, $"is {value.Length} characters long; at most {MaxTextLength} are allowed"));
        }
    }
}

/// <summary>The normalised record, or the reasons it was refused.</summary>
public sealed record IntakeResult(NormalizedRecord? Record, IReadOnlyList<FieldError> Errors)
{
    public bool Accepted => Record is not null;
}
