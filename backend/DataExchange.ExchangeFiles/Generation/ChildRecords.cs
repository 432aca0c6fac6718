using DataExchange.Domain.Agencies;
using DataExchange.Domain.Normalization;

namespace DataExchange.ExchangeFiles.Generation;

/// <summary>Decides a child's situation (which agencies hold them, school, health, visits) and drafts each of those records.</summary>
public sealed class ChildRecords(Rng rng, GenerationProfile profile, DateOnly asOf)
{
    private static readonly string[] Conditions =
        ["asthma", "congenital heart disease", "epilepsy", "type 1 diabetes", "cerebral palsy", "autism spectrum disorder", "leukaemia"];

    private readonly ErrorInjector _errors = new(rng, profile, asOf);
    private readonly AgencyColumns _columns = new(rng, asOf);

    public ChildSituation Situation(Child child)
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

        // Dropout control (控辍保学) is the point of sharing enrolment: dropouts rise in the lower-secondary years.
        var dropout = age >= 13 ? 0.05 : 0.015;
        var u = rng.NextDouble();
        var enrollment = !holders.Contains(Agency.Education) ? ""
            : u < dropout ? "dropped_out"
            : u < dropout + 0.004 ? "suspended"
            : age >= 16 && u < 0.15 ? "graduated"
            : "enrolled";
        var condition = holders.Contains(Agency.Health) && rng.Chance(0.42) ? rng.Pick(Conditions) : "";
        var situation = new ChildSituation(holders, category, enrollment, condition, "", age);
        return situation with { LastVisit = holders.Contains(Agency.CivilAffairs) ? LastVisit(child, situation) : "" };
    }

    public IEnumerable<RecordDraft> For(Child child, ChildSituation situation)
    {
        var holders = situation.Holders;
        // A renamed child: one register (rarely the household register itself) still has the old name.
        Agency? keepsOldName = child.OldGiven is null || holders.Count < 2 ? null
            : rng.Chance(0.8) ? holders[rng.Next(1, holders.Count)] : holders[0];

        foreach (var agency in holders)
        {
            yield return Draft(child, situation, agency, keepsOldName == agency, duplicate: false);
            if (agency is Agency.Education or Agency.Health && rng.Chance(profile.Rate(ErrorKind.DuplicateRecord)))
            {
                yield return Draft(child, situation, agency, keepsOldName == agency, duplicate: true);
            }
        }
    }

    /// <summary>
    /// Visits follow the duty of the child's real situation (monthly or every 3 months, DOMAIN.md): most are on time,
    /// about one in seven is overdue, a few children have never been visited. Never after the as-of date, never before birth.
    /// </summary>
    private string LastVisit(Child child, ChildSituation situation)
    {
        var months = situation.VisitMonths(child);
        if (months > 0 && rng.Chance(0.02))
        {
            return "";
        }

        var window = asOf.DayNumber - asOf.AddMonths(-Math.Max(1, months == 0 ? 12 : months)).DayNumber;
        var daysAgo = rng.Chance(0.85) ? rng.Next(window + 1) : rng.Next(window + 1, window * 4);
        var visited = asOf.AddDays(-daysAgo);
        return DateSpellings.ToIso(visited < child.BirthDate ? child.BirthDate : visited);
    }

    private RecordDraft Draft(Child child, ChildSituation situation, Agency agency, bool oldName, bool duplicate)
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
            Agency.Education => _columns.Education(draft, residence, duplicate ? "transferred" : situation.Enrollment),
            Agency.Health => _columns.Health(child, situation.Condition),
            Agency.DisabledFederation => _columns.Disability(draft),
            _ => _columns.CivilAffairs(child, situation),
        };
        return draft;
    }
}
