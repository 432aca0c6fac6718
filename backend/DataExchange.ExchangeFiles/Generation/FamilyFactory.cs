using DataExchange.Domain.Identifiers;

namespace DataExchange.ExchangeFiles.Generation;

/// <summary>Makes households with children 0-17: parents, siblings, twins, moves, renamings, missing registrations.</summary>
public sealed class FamilyFactory(Rng rng, GenerationProfile profile, IdAllocator ids, DateOnly asOf)
{
    private readonly DateOnly _oldest = asOf.AddYears(-18).AddDays(1);

    public Family Create(ref int nextPerson, int maxChildren)
    {
        var registered = new Residence(rng.Pick(Regions.All), Regions.LocalAddress(rng));
        var uyghur = rng.Chance(profile.UyghurShare);
        var surname = uyghur ? rng.Pick(NamePools.UyghurMaleNames)
            : registered.Region.YiArea && rng.Chance(0.6) ? rng.Pick(NamePools.YiSurnames)
            : rng.Chance(0.02) ? rng.Pick(NamePools.CompoundSurnames)
            : rng.PickSkewed(NamePools.Surnames);

        var firstBirth = RandomChildBirthDate();
        var motherBirth = firstBirth.AddDays(-rng.Next(20 * 365, 38 * 365));
        var fatherBirth = motherBirth.AddDays(-rng.Next(-365, 6 * 365));
        var father = new Parent(uyghur ? surname + "·" + rng.Pick(NamePools.UyghurMaleNames) : surname + AdultGiven(),
            ids.Issue(registered.Region, fatherBirth, Sex.Male));
        var mother = new Parent(uyghur ? rng.Pick(NamePools.UyghurFemaleNames) + "·" + rng.Pick(NamePools.UyghurMaleNames)
                : rng.PickSkewed(NamePools.Surnames) + AdultGiven(),
            ids.Issue(rng.Pick(Regions.All), motherBirth, Sex.Female));

        var status = rng.NextDouble() switch
        {
            < 0.12 => ParentsStatus.Deceased,
            < 0.40 => ParentsStatus.BothAway,
            < 0.55 => ParentsStatus.OneAwayOtherIncapable,
            _ => ParentsStatus.AtHome,
        };
        var family = new Family
        {
            Father = father,
            Mother = mother,
            Surname = surname,
            Uyghur = uyghur,
            Registered = registered,
            MovedTo = rng.Chance(profile.Rate(ErrorKind.MovedRegion))
                ? new Residence(Regions.Neighbour(registered.Region, rng), Regions.LocalAddress(rng)) : null,
            HouseholdNo = registered.Region.Code + rng.Digits(8),
            Phone = Phone(),
            ParentsStatus = status,
            InDifficulty = status == ParentsStatus.AtHome && rng.Chance(0.2),
            DeFactoUnsupported = status == ParentsStatus.OneAwayOtherIncapable && rng.Chance(0.15),
            GrandparentName = (rng.Chance(0.8) ? surname : rng.PickSkewed(NamePools.Surnames)) + AdultGiven(),
            RelativeName = rng.PickSkewed(NamePools.Surnames) + AdultGiven(),
        };

        // Family sizes as in the sample: about two in three households contribute one child, most others two.
        var count = Math.Min(maxChildren, rng.NextDouble() switch { < 0.62 => 1, < 0.93 => 2, _ => 3 });
        var twins = count >= 2 && rng.Chance(profile.TwinShare);
        var unregistered = rng.Chance(profile.Rate(ErrorKind.NoRegistration));
        for (var i = 0; i < count; i++)
        {
            var isTwin = twins && i < 2;
            var birth = i == 0 || isTwin ? firstBirth : SiblingBirthDate(family, firstBirth);
            var sex = rng.Chance(0.52) ? Sex.Male : Sex.Female;
            var given = isTwin && i == 1 ? TwinGiven(family.Children[0].Given, sex) : ChildGiven(sex, uyghur);
            family.Children.Add(new Child
            {
                PersonNumber = nextPerson++,
                Family = family,
                Surname = surname,
                Given = given,
                Sex = sex,
                BirthDate = birth,
                IdNumber = unregistered ? null : ids.Issue(registered.Region, birth, sex),
                OldGiven = rng.Chance(profile.Rate(ErrorKind.NameOld)) ? ChildGiven(sex, uyghur) : null,
                IsTwin = isTwin,
                DisabilityCategory = rng.Chance(profile.DisabilityShare) ? rng.Next(1, 8) : 0,
                DisabilityLevel = rng.Next(1, 5),
            });
        }

        return family;
    }

    public string Phone() => "1" + "3589"[rng.Next(4)] + rng.Digits(9);

    private DateOnly RandomChildBirthDate() => _oldest.AddDays(rng.Next(asOf.DayNumber - _oldest.DayNumber + 1));

    private DateOnly SiblingBirthDate(Family family, DateOnly first)
    {
        // Siblings are born one to six years apart, on either side of the first child, always 0-17 today.
        for (var attempt = 0; attempt < 8; attempt++)
        {
            var candidate = first.AddDays((rng.Chance(0.5) ? 1 : -1) * rng.Next(400, 6 * 365));
            if (candidate >= _oldest && candidate <= asOf && family.Children.All(c => Math.Abs(c.BirthDate.DayNumber - candidate.DayNumber) > 300))
            {
                return candidate;
            }
        }

        return first.AddDays(first.AddDays(-500) >= _oldest ? -500 : 500);
    }

    private string ChildGiven(Sex sex, bool uyghur)
    {
        if (uyghur)
        {
            return rng.Pick(sex == Sex.Male ? NamePools.UyghurMaleNames : NamePools.UyghurFemaleNames);
        }

        var pool = sex == Sex.Male ? NamePools.BoyChars : NamePools.GirlChars;
        return rng.NextDouble() switch
        {
            < 0.35 => rng.PickSkewed(sex == Sex.Male ? NamePools.PopularBoyNames : NamePools.PopularGirlNames),
            < 0.53 => rng.PickSkewed(pool),
            _ => rng.PickSkewed(pool) + rng.PickSkewed(pool),
        };
    }

    /// <summary>A twin's name usually shares one character with the other twin's (浩然 and 浩宇), always differs in full.</summary>
    private string TwinGiven(string other, Sex sex)
    {
        var pool = sex == Sex.Male ? NamePools.BoyChars : NamePools.GirlChars;
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var given = other.Length == 2 && !other.Contains('·') && rng.Chance(0.7)
                ? (rng.Chance(0.5) ? other[0] + rng.Pick(pool) : rng.Pick(pool) + other[1])
                : ChildGiven(sex, NamePools.UyghurMaleNames.Contains(other) || NamePools.UyghurFemaleNames.Contains(other));
            if (given != other)
            {
                return given;
            }
        }

        return other + rng.Pick(pool);
    }

    private string AdultGiven() =>
        rng.Chance(0.3) ? rng.Pick(rng.Chance(0.5) ? NamePools.BoyChars : NamePools.GirlChars)
            : rng.Pick(NamePools.BoyChars) + rng.Pick(NamePools.GirlChars);
}
