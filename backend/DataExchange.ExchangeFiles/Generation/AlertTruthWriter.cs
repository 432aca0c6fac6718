using System.Globalization;
using DataExchange.Domain.Agencies;
using DataExchange.Domain.Reconciliation;

namespace DataExchange.ExchangeFiles.Generation;

/// <summary>
/// Writes which alerts are truly due on the as-of date (rule, agency that must act, person, that person's records),
/// from each child's real situation rather than from the records the rules will see: <c>dx report --truth</c>
/// measures each rule's precision and recall against it. The file lies outside the data folder, like the link truth.
/// </summary>
public sealed class AlertTruthWriter(StreamWriter file, DateOnly asOf)
{
    public const string Header = "rule,agency,person_id,records";

    /// <summary>The slips that leave a record's identity values wrong, which its own ID number can expose.</summary>
    private static readonly ErrorKind[] IdentitySlips =
        [ErrorKind.IdDigitTypo, ErrorKind.IdAdjacentSwap, ErrorKind.IdSibling, ErrorKind.DateDigit, ErrorKind.DateDayOff, ErrorKind.DateDayMonthSwap, ErrorKind.SexWrong];

    public void WriteHeader() => file.WriteLine(Header);

    public void Write(Child child, ChildSituation situation, IReadOnlyList<(RecordDraft Draft, string SourceId)> records)
    {
        var all = string.Join(' ', records.Select(r => $"{r.Draft.Agency.ToCode()}/{r.SourceId}"));
        void Due(AlertRule rule, Agency agency) => file.WriteLine($"{rule},{agency.ToCode()},{child.PersonId},{all}");

        // A child civil affairs registers as vulnerable whom education records as dropped out (控辍保学).
        if (situation.Holds(Agency.CivilAffairs) && situation.Vulnerable && situation.Enrollment == "dropped_out")
        {
            Due(AlertRule.VulnerableChildDroppedOut, Agency.CivilAffairs);
            Due(AlertRule.VulnerableChildDroppedOut, Agency.Education);
        }

        if (situation.Holds(Agency.DisabledFederation) && !situation.Holds(Agency.CivilAffairs) && situation.Age < 18)
        {
            Due(AlertRule.DisabledChildUnknownToCivilAffairs, Agency.CivilAffairs);
        }

        // Of compulsory-school age, in the household register, and truly in no school's register.
        if (situation.Holds(Agency.PublicSecurity) && !situation.Holds(Agency.Education) && situation.Age is >= 6 and <= 15)
        {
            Due(AlertRule.PossiblyOutOfSchool, Agency.Education);
        }

        var months = situation.VisitMonths(child);
        if (situation.Holds(Agency.CivilAffairs) && months > 0
            && (situation.LastVisit.Length == 0 || DateOnly.ParseExact(situation.LastVisit, "yyyy-MM-dd", CultureInfo.InvariantCulture).AddMonths(months) < asOf))
        {
            Due(AlertRule.VisitOverdue, Agency.CivilAffairs);
        }

        // A record holding a wrong ID, birth date or sex beside an ID number: the agency should correct it.
        foreach (var (draft, sourceId) in records.Where(r => r.Draft.IdNumber.Length > 0 && IdentitySlips.Any(r.Draft.Has)))
        {
            file.WriteLine($"{AlertRule.IdentityInconsistency},{draft.Agency.ToCode()},{child.PersonId},{draft.Agency.ToCode()}/{sourceId}");
        }
    }
}
