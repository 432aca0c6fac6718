using DataExchange.Domain.Agencies;
using DataExchange.Domain.Identifiers;
using DataExchange.Domain.Normalization;

namespace DataExchange.ExchangeFiles.Generation;

/// <summary>Fills each agency's own columns consistently with the child's truth and the record's garbled ID.</summary>
public sealed class AgencyColumns(Rng rng, DateOnly asOf)
{
    private static readonly string[] Conditions =
        ["asthma", "congenital heart disease", "epilepsy", "type 1 diabetes", "cerebral palsy", "autism spectrum disorder", "leukaemia"];

    public string[] PublicSecurity(Child child)
    {
        var family = child.Family;
        return [family.HouseholdNo, family.Father.Name, family.Father.IdNumber, family.Mother.Name, family.Mother.IdNumber];
    }

    /// <summary>student_no, school_name, grade, enrollment_status, guardian_name, guardian_phone.</summary>
    public string[] Education(RecordDraft draft, Residence school, bool transferredAway)
    {
        var child = draft.Child;
        var age = child.AgeOn(asOf);
        var grade = Math.Clamp(age - 5, 1, 12);
        var kind = grade <= 6 ? (rng.Chance(0.5) ? "中心小学" : "小学") : grade <= 9 ? (rng.Chance(0.7) ? "初级中学" : "九年制学校") : "高级中学";
        // Dropout control (控辍保学) is the point of sharing enrolment: dropouts rise in the lower-secondary years.
        var dropout = age >= 13 ? 0.05 : 0.015;
        var u = rng.NextDouble();
        var status = transferredAway ? "transferred"
            : u < dropout ? "dropped_out"
            : u < dropout + 0.004 ? "suspended"
            : age >= 16 && u < 0.15 ? "graduated"
            : "enrolled";
        var (guardian, _) = Guardian(child);
        return [StudentNumber(draft), school.Region.Full + Regions.PlaceName(rng) + "镇" + kind, grade.ToString(),
            status, guardian, child.Family.Phone];
    }

    /// <summary>health_record_no, guardian_name, guardian_phone, chronic_condition, last_visit_date.</summary>
    public string[] Health(Child child)
    {
        var (guardian, _) = Guardian(child);
        var condition = rng.Chance(0.42) ? rng.Pick(Conditions) : "";
        var lastVisit = DateSpellings.ToIso(Max(child.BirthDate, asOf.AddDays(-rng.Next(700))));
        return ["H" + rng.Digits(12), guardian, child.Family.Phone, condition, lastVisit];
    }

    /// <summary>disability_cert_no (ID + category + level: a second copy of the ID), category, level, guardian_name.</summary>
    public string[] Disability(RecordDraft draft)
    {
        var child = draft.Child;
        // The certificate is printed from the register, so it usually keeps the right ID even when the id_number column is mistyped.
        var id = draft.IdNumber.Length > 0 && rng.Chance(0.3) ? CitizenIdNumber.Normalize(draft.IdNumber) : child.IdNumber!;
        return [id + child.DisabilityCategory + child.DisabilityLevel, child.DisabilityCategory.ToString(),
            child.DisabilityLevel.ToString(), Guardian(child).Name];
    }

    /// <summary>category, guardian_name, guardian_relation, guardian_phone, parents_status, last_visit_date.</summary>
    public string[] CivilAffairs(Child child, string category)
    {
        var (guardian, relation) = Guardian(child);
        // Visit duties (Qingdao item 10): monthly for orphans and de facto unsupported children, quarterly for the others; some overdue.
        var duty = category is "orphan" or "de_facto_unsupported" ? 30 : category == "none" ? 365 : 90;
        var daysAgo = rng.Chance(0.85) ? rng.Next(duty + 1) : rng.Next(duty + 1, duty * 4);
        var lastVisit = DateSpellings.ToIso(Max(child.BirthDate, asOf.AddDays(-daysAgo)));
        var phone = relation == "parent" ? child.Family.Phone : "1" + "3589"[rng.Next(4)] + rng.Digits(9);
        return [category, guardian, relation, phone, StatusCode(child.Family.ParentsStatus), lastVisit];
    }

    /// <summary>The civil affairs category that follows from the family's situation; "none" for a child the system need not watch.</summary>
    public static string Category(Child child, DateOnly asOf) => child.Family switch
    {
        { ParentsStatus: ParentsStatus.Deceased } => "orphan",
        { DeFactoUnsupported: true } => "de_facto_unsupported",
        { ParentsStatus: ParentsStatus.BothAway or ParentsStatus.OneAwayOtherIncapable } when child.AgeOn(asOf) < 16 => "left_behind",
        { InDifficulty: true } => "in_difficulty",
        _ when child.DisabilityCategory > 0 => "in_difficulty",
        _ => "none",
    };

    private string StudentNumber(RecordDraft draft)
    {
        var child = draft.Child;
        if (child.IdNumber is null)
        {
            return "L" + rng.Digits(17);
        }

        // Half the time the student number was typed from the same mistyped ID as the id_number column.
        var typo = draft.Has(ErrorKind.IdDigitTypo) || draft.Has(ErrorKind.IdAdjacentSwap) || draft.Has(ErrorKind.IdSibling);
        return "G" + (typo && rng.Chance(0.5) ? CitizenIdNumber.Normalize(draft.IdNumber) : child.IdNumber);
    }

    private static (string Name, string Relation) Guardian(Child child)
    {
        var family = child.Family;
        return family.ParentsStatus switch
        {
            ParentsStatus.Deceased => (family.GrandparentName, child.PersonNumber % 3 == 0 ? "relative" : "grandparent"),
            ParentsStatus.BothAway => child.PersonNumber % 4 == 0 ? (family.RelativeName, "relative") : (family.GrandparentName, "grandparent"),
            ParentsStatus.OneAwayOtherIncapable => (family.Mother.Name, "parent"),
            _ => (family.Father.Name, "parent"),
        };
    }

    private static string StatusCode(ParentsStatus status) => status switch
    {
        ParentsStatus.BothAway => "both_away",
        ParentsStatus.OneAwayOtherIncapable => "one_away_other_incapable",
        ParentsStatus.Deceased => "deceased",
        _ => "at_home",
    };

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;
}
