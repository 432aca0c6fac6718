using DataExchange.Domain.Agencies;
using DataExchange.Matching.Comparisons;
using DataExchange.Matching.Features;
using DataExchange.Matching.Scoring;

namespace DataExchange.Matching.Clustering;

/// <summary>
/// The veto clustering never overrides: two records that are confidently different children may not share
/// a child, however strongly each is linked to a third record or however much household evidence they
/// share. A false merge sends a social worker to the wrong family, so this is checked between every member
/// of two clusters before they merge, and by the incremental index before a record joins a child.
/// </summary>
public static class ConfidentlyDifferent
{
    private static readonly NameComparison Names = new();
    private static readonly IdNumberComparison IdNumbers = new();
    private static readonly IdBirthComparison IdBirths = new();
    private static readonly BirthDateComparison BirthDates = new();

    public static bool Check(RecordFeatures a, RecordFeatures b, Scorer scorer) =>
        DifferentRegisteredIds(a, b) || DifferentConsistentIds(a, b) || NamesSayDifferent(a, b) || NameAndBirthDateDiffer(a, b)
        || scorer.Score(a, b) < scorer.Model.CannotLinkThreshold;

    /// <summary>
    /// Two ID numbers that differ by more than a typo, each proving the birth date the other record states:
    /// twins (same birth date), each with their own ID, whatever their names. A sibling's ID typed into a
    /// record does not trip this, because the sibling's ID proves another birth date.
    /// </summary>
    public static bool DifferentConsistentIds(RecordFeatures a, RecordFeatures b) =>
        IdNumbers.Compare(a, b) is IdNumberComparison.DifferentValid or IdNumberComparison.Else
        && IdBirths.Compare(a, b) is IdBirthComparison.Agrees or IdBirthComparison.SexDiffers;

    /// <summary>
    /// The household register is authoritative for the ID: two register entries with different
    /// well-formed IDs are two people (a duplicate registration keeps its ID).
    /// </summary>
    public static bool DifferentRegisteredIds(RecordFeatures a, RecordFeatures b) =>
        a.Agency == Agency.PublicSecurity && b.Agency == Agency.PublicSecurity
        && a.HasValidId && b.HasValidId && !string.Equals(a.Ids[0], b.Ids[0], StringComparison.Ordinal);

    /// <summary>
    /// Vetoed, but a steward should still see it: two different IDs each consistent with the other's birth
    /// date under the same name sound are twins with one name, or one record carrying its twin's ID.
    /// </summary>
    public static bool WorthAStewardsLook(RecordFeatures a, RecordFeatures b) =>
        DifferentConsistentIds(a, b) && !DifferentRegisteredIds(a, b)
        && Names.Compare(a, b) is NameComparison.Exact or NameComparison.SamePinyin or NameComparison.FuzzyPinyin;

    /// <summary>
    /// Birth dates that differ by more than a clerk's slip (not a digit, a day, or day and month swapped)
    /// and names that are not the same sound: a sibling, even when the sibling's ID was typed into the
    /// record and so agrees with the other child's ID.
    /// </summary>
    public static bool NameAndBirthDateDiffer(RecordFeatures a, RecordFeatures b) =>
        BirthDates.Compare(a, b) == BirthDateComparison.Else
        && Names.Compare(a, b) is not (NameComparison.Null or NameComparison.Exact or NameComparison.SamePinyin or NameComparison.FuzzyPinyin);

    /// <summary>
    /// Twins and siblings share birth date (twins), parents, address and phone, so Fellegi-Sunter's
    /// independence assumption adds that shared household up many times over and outweighs the one
    /// field that tells them apart: the given name. None of the clerks' name errors changes a character
    /// into one that sounds different (homophones, traditional forms and romanisation keep the pinyin;
    /// a dropped character is its own level), so a name that differs in sound is a different child
    /// unless an ID agrees exactly and proves the same birth date (a renamed child). A renamed child with no
    /// shared ID is therefore not linked automatically; that is the price of never merging twins.
    /// </summary>
    public static bool NamesSayDifferent(RecordFeatures a, RecordFeatures b)
    {
        var name = Names.Compare(a, b);
        return name is not (NameComparison.Null or NameComparison.Exact or NameComparison.SamePinyin or NameComparison.FuzzyPinyin or NameComparison.OneMissing)
            && !IdVouchesForRename(a, b);
    }

    /// <summary>
    /// A name that changed by one character, vouched for only by an ID, is either a child renamed by one
    /// character or a twin whose record carries the other twin's ID: the pair goes to a steward, never
    /// straight to a link. A given name that changed entirely under the same ID is the same question, asked more often
    /// as the population grows: at 200,000 children a twin whose record carries the other twin's ID (王婷 and 王梓涵: one
    /// ID, one birth date, one household) was a false merge the ID vouched for.
    /// </summary>
    public static bool OnlyAStewardMayLink(RecordFeatures a, RecordFeatures b) =>
        Names.Compare(a, b) is NameComparison.OneDifferent or NameComparison.SameSurname or NameComparison.Else && IdVouchesForRename(a, b);

    /// <summary>
    /// A renamed child: the same ID exactly, proving the birth date the other record states, and stated
    /// birth dates that agree up to a clerk's slip (a sibling's ID in a record with no birth date does not count).
    /// </summary>
    private static bool IdVouchesForRename(RecordFeatures a, RecordFeatures b) =>
        IdNumbers.Compare(a, b) is IdNumberComparison.ExactValid or IdNumberComparison.ExactInvalid
        && IdBirths.Compare(a, b) == IdBirthComparison.Agrees
        && BirthDates.Compare(a, b) is BirthDateComparison.Exact or BirthDateComparison.OneOff or BirthDateComparison.DayMonthSwapped;
}
