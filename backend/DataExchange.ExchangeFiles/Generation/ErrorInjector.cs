using DataExchange.Domain.Agencies;
using DataExchange.Domain.Identifiers;
using DataExchange.Domain.Normalization;

namespace DataExchange.ExchangeFiles.Generation;

/// <summary>Garbles a record's common columns at the profile's rates and notes each garbling on the draft.</summary>
public sealed class ErrorInjector(Rng rng, GenerationProfile profile)
{
    private bool Roll(RecordDraft draft, ErrorKind kind) =>
        rng.Chance(profile.Rate(kind) * GenerationProfile.AgencyFactor(draft.Agency));

    /// <summary>The id_number column. Public security exports the register's own value, so only it is spared.</summary>
    public void Id(RecordDraft draft)
    {
        var id = draft.Child.IdNumber;
        if (id is null)
        {
            return;
        }

        if (rng.Chance(profile.IdMissing(draft.Agency)))
        {
            draft.Errors.Add(ErrorKind.IdMissing);
            return;
        }

        var typed = draft.Agency != Agency.PublicSecurity;
        var sibling = draft.Child.Siblings.FirstOrDefault(s => s.IdNumber is not null);
        if (typed && sibling is not null && rng.Chance(profile.Rate(ErrorKind.IdSibling)))
        {
            id = sibling.IdNumber!;
            draft.Errors.Add(ErrorKind.IdSibling);
        }
        else if (typed && rng.Chance(profile.Rate(ErrorKind.IdDigitTypo)))
        {
            id = FieldErrors.DigitTypo(id, rng);
            draft.Errors.Add(ErrorKind.IdDigitTypo);
        }
        else if (typed && rng.Chance(profile.Rate(ErrorKind.IdAdjacentSwap)) && FieldErrors.AdjacentSwap(id, rng) is { } swapped)
        {
            id = swapped;
            draft.Errors.Add(ErrorKind.IdAdjacentSwap);
        }

        // The spelling slips below stack on top of the value slips above, as they do in real exports.
        if (id[17] == 'X' && rng.Chance(profile.Rate(ErrorKind.IdLowerX)))
        {
            id = id[..17] + 'x';
            draft.Errors.Add(ErrorKind.IdLowerX);
        }

        if (typed && rng.Chance(profile.Rate(ErrorKind.IdFullWidth)))
        {
            id = FieldErrors.FullWidth(id);
            draft.Errors.Add(ErrorKind.IdFullWidth);
        }
        else if (typed && rng.Chance(profile.Rate(ErrorKind.IdSpaces)))
        {
            id = FieldErrors.Spaces(id, rng);
            draft.Errors.Add(ErrorKind.IdSpaces);
        }

        draft.IdNumber = id;
    }

    /// <summary>The name column, starting from the name this agency knows (a renamed child's old name in one register).</summary>
    public void Name(RecordDraft draft, string given)
    {
        var child = draft.Child;
        var surname = child.Surname;
        var name = child.NameWithGiven(given);
        string? changed = null;
        if (child.Family.Uyghur)
        {
            changed = Roll(draft, ErrorKind.NameSeparator) ? Note(draft, ErrorKind.NameSeparator, NameVariants.Separator(name, rng)) : null;
        }
        else if (Roll(draft, ErrorKind.NamePinyin) && draft.Agency != Agency.PublicSecurity)
        {
            changed = Note(draft, ErrorKind.NamePinyin, NameVariants.Pinyin(surname, given, rng));
        }
        else if (Roll(draft, ErrorKind.NameHomophone))
        {
            changed = Note(draft, ErrorKind.NameHomophone, NameVariants.Homophone(name, rng));
        }
        else if (Roll(draft, ErrorKind.NameTraditional))
        {
            changed = Note(draft, ErrorKind.NameTraditional, NameVariants.Traditional(name));
        }
        else if (Roll(draft, ErrorKind.NameDroppedChar))
        {
            changed = Note(draft, ErrorKind.NameDroppedChar, NameVariants.DropCharacter(surname, given, rng));
        }
        else if (Roll(draft, ErrorKind.NameSpace))
        {
            changed = Note(draft, ErrorKind.NameSpace, NameVariants.SpaceInside(name, surname.Length, rng));
        }

        draft.Name = changed ?? name;
    }

    /// <summary>The birth_date and sex columns.</summary>
    public void BirthDateAndSex(RecordDraft draft)
    {
        var date = draft.Child.BirthDate;
        if (Roll(draft, ErrorKind.DateMissing))
        {
            draft.Errors.Add(ErrorKind.DateMissing);
            draft.BirthDate = "";
        }
        else
        {
            if (Roll(draft, ErrorKind.DateDigit) && FieldErrors.DigitOff(date, rng) is { } digitOff)
            {
                date = digitOff;
                draft.Errors.Add(ErrorKind.DateDigit);
            }
            else if (Roll(draft, ErrorKind.DateDayOff))
            {
                date = FieldErrors.DayOff(date, rng);
                draft.Errors.Add(ErrorKind.DateDayOff);
            }
            else if (FieldErrors.DayMonthSwap(date) is { } swapped && Roll(draft, ErrorKind.DateDayMonthSwap))
            {
                date = swapped;
                draft.Errors.Add(ErrorKind.DateDayMonthSwap);
            }

            var spelled = draft.Agency != Agency.PublicSecurity && Roll(draft, ErrorKind.DateSpelling);
            draft.BirthDate = spelled ? FieldErrors.OtherSpelling(date, rng) : DateSpellings.ToIso(date);
            if (spelled)
            {
                draft.Errors.Add(ErrorKind.DateSpelling);
            }
        }

        var sex = draft.Child.Sex;
        if (Roll(draft, ErrorKind.SexWrong))
        {
            sex = sex == Sex.Male ? Sex.Female : Sex.Male;
            draft.Errors.Add(ErrorKind.SexWrong);
        }

        draft.Sex = sex.ToCode();
    }

    private static string? Note(RecordDraft draft, ErrorKind kind, string? changed)
    {
        if (changed is not null)
        {
            draft.Errors.Add(kind);
        }

        return changed;
    }
}
