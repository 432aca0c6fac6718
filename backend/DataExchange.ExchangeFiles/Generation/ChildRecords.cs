using DataExchange.Domain.Agencies;

namespace DataExchange.ExchangeFiles.Generation;

/// <summary>Decides which agencies hold a child (and which hold them twice) and drafts each of those records.</summary>
public sealed class ChildRecords(Rng rng, GenerationProfile profile, DateOnly asOf)
{
    private readonly ErrorInjector _errors = new(rng, profile);
    private readonly AgencyColumns _columns = new(rng, asOf);

    public IEnumerable<RecordDraft> For(Child child)
    {
        var age = child.AgeOn(asOf);
        var category = AgencyColumns.Category(child, asOf);
        var holders = new List<Agency>(5);
        // The register misses a few registered children (an extract, not the whole register); unregistered ones it never has.
        if (child.IdNumber is not null && rng.Chance(0.985))
        {
            holders.Add(Agency.PublicSecurity);
        }

        if (age >= 6 && rng.Chance(age <= 15 ? 0.92 : 0.8))
        {
            holders.Add(Agency.Education);
        }

        if (rng.Chance(age <= 2 ? 0.8 : profile.HealthCoverage))
        {
            holders.Add(Agency.Health);
        }

        if (child.DisabilityCategory > 0 && child.IdNumber is not null && rng.Chance(0.95))
        {
            holders.Add(Agency.DisabledFederation);
        }

        if (rng.Chance(category == "none" ? 0.02 : 0.95))
        {
            holders.Add(Agency.CivilAffairs);
        }

        if (holders.Count == 0)
        {
            holders.Add(Agency.Health);
        }

        // A renamed child: one register (rarely the household register itself) still has the old name.
        Agency? keepsOldName = child.OldGiven is null || holders.Count < 2 ? null
            : rng.Chance(0.8) ? holders[rng.Next(1, holders.Count)] : holders[0];

        foreach (var agency in holders)
        {
            yield return Draft(child, agency, category, keepsOldName == agency, duplicate: false);
            if (agency is Agency.Education or Agency.Health && rng.Chance(profile.Rate(ErrorKind.DuplicateRecord)))
            {
                yield return Draft(child, agency, category, keepsOldName == agency, duplicate: true);
            }
        }
    }

    private RecordDraft Draft(Child child, Agency agency, string category, bool oldName, bool duplicate)
    {
        var draft = new RecordDraft(agency, child);
        if (duplicate)
        {
            draft.Errors.Add(ErrorKind.DuplicateRecord);
        }

        if (child.IdNumber is null)
        {
            draft.Errors.Add(ErrorKind.NoRegistration);
        }

        _errors.Id(draft);
        if (oldName)
        {
            draft.Errors.Add(ErrorKind.NameOld);
        }

        _errors.Name(draft, oldName ? child.OldGiven! : child.Given);
        _errors.BirthDateAndSex(draft);

        // The register keeps the registered address; the others meet the family where it lives, unless their file is stale.
        var family = child.Family;
        var residence = agency == Agency.PublicSecurity || family.MovedTo is null || (duplicate && agency == Agency.Education) || rng.Chance(0.25)
            ? family.Registered : family.Current;
        if (residence != family.Registered)
        {
            draft.Errors.Add(ErrorKind.MovedRegion);
        }

        var form = rng.Chance(profile.Rate(ErrorKind.AddressShort)) ? (rng.Chance(0.3) ? AddressForm.WithoutProvince : AddressForm.CountyOnly) : AddressForm.Full;
        if (form != AddressForm.Full)
        {
            draft.Errors.Add(ErrorKind.AddressShort);
        }

        draft.RegionCode = residence.Region.Code;
        draft.Address = residence.Address(form);

        draft.Extra = agency switch
        {
            Agency.PublicSecurity => _columns.PublicSecurity(child),
            Agency.Education => _columns.Education(draft, residence, transferredAway: duplicate),
            Agency.Health => _columns.Health(child),
            Agency.DisabledFederation => _columns.Disability(draft),
            _ => _columns.CivilAffairs(child, category),
        };
        return draft;
    }
}
