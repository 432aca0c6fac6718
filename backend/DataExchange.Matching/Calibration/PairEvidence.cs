using DataExchange.Matching.Clustering;
using DataExchange.Matching.Comparisons;
using DataExchange.Matching.Features;

namespace DataExchange.Matching.Calibration;

/// <summary>
/// What the engine knows about a pair beyond its match weight: whether it linked them, and if not, why. The
/// Fellegi-Sunter weight adds up a shared household many times over (twins and siblings share birth date,
/// parents, address and phone), so the weight alone overstates how sure the engine is; the reason it refused
/// to link says what the weight cannot. Each kind is calibrated on its own (<see cref="ScoreCalibration"/>).
/// </summary>
public enum PairEvidence
{
    /// <summary>The two records are in one child.</summary>
    Linked = 0,

    /// <summary>Nothing speaks against the pair, but its weight is below the link threshold.</summary>
    BelowLinkThreshold = 1,

    /// <summary>A name changed by one character, vouched for by an exact ID: a renamed child or a twin's ID (only a steward may link).</summary>
    RenameNeedsSteward = 2,

    /// <summary>Strong enough to link, but another record of one child is confidently different from a record of the other (or the child is full).</summary>
    KeptApartByAnotherRecord = 3,

    /// <summary>Two different ID numbers, each proving the birth date the other record states: the twin signature.</summary>
    TwinSignature = 4,

    /// <summary>Two household-register records with different valid ID numbers: two registered people.</summary>
    DifferentRegisterIds = 5,

    /// <summary>Names that differ in sound without an exact ID vouching for a rename.</summary>
    NamesSoundDifferent = 6,

    /// <summary>A different name and a birth date beyond a clerk's slip: a sibling.</summary>
    NameAndBirthDateDiffer = 7,

    /// <summary>
    /// The twin signature under one exact name: two different ID numbers each proving the birth date the other record
    /// states, and the same name. Twins do not share a name; on generated data with the error kinds of DOMAIN.md such a
    /// pair is one child whose record carries a sibling's (a twin's) ID in nearly every case. Never linked automatically
    /// (which ID is the child's is for a steward to settle in the register), but not confidently two children either.
    /// </summary>
    TwinIdInRecord = 8,
}

/// <summary>Classifies a pair the same way for the batch and for the incremental linker.</summary>
public static class PairEvidenceOf
{
    private static readonly NameComparison Names = new();

    /// <summary>Human-readable reason, as a steward reads it beside the score.</summary>
    public static string Describe(PairEvidence evidence) => evidence switch
    {
        PairEvidence.Linked => "linked",
        PairEvidence.BelowLinkThreshold => "weight below the link threshold",
        PairEvidence.RenameNeedsSteward => "name differs by one character, vouched for by an ID: renamed child or a twin's ID",
        PairEvidence.KeptApartByAnotherRecord => "another record of one child is confidently a different child from the other",
        PairEvidence.TwinSignature => "two different ID numbers each proving the same birth date (twins)",
        PairEvidence.DifferentRegisterIds => "two household-register records with different valid ID numbers",
        PairEvidence.NamesSoundDifferent => "names differ in sound and no ID vouches for a rename",
        PairEvidence.NameAndBirthDateDiffer => "different name and a birth date beyond a clerk's slip (sibling)",
        PairEvidence.TwinIdInRecord => "same name and birth date but two different ID numbers: one record probably carries a twin's ID (check the register)",
        _ => evidence.ToString(),
    };

    /// <summary>The snake_case code the model file and the contract use.</summary>
    public static string Code(PairEvidence evidence) => evidence switch
    {
        PairEvidence.Linked => "linked",
        PairEvidence.BelowLinkThreshold => "below_link_threshold",
        PairEvidence.RenameNeedsSteward => "rename_needs_steward",
        PairEvidence.KeptApartByAnotherRecord => "kept_apart_by_another_record",
        PairEvidence.TwinSignature => "twin_signature",
        PairEvidence.DifferentRegisterIds => "different_register_ids",
        PairEvidence.NamesSoundDifferent => "names_sound_different",
        PairEvidence.NameAndBirthDateDiffer => "name_and_birth_date_differ",
        PairEvidence.TwinIdInRecord => "twin_id_in_record",
        _ => evidence.ToString(),
    };

    /// <summary>
    /// The kinds the engine treats as confidently two children (the clustering's veto): shown at most at
    /// <see cref="ScoreCalibration.VetoCeiling"/>, "probably different", with the reason.
    /// </summary>
    public static bool IsVeto(PairEvidence evidence) => evidence is PairEvidence.DifferentRegisterIds or PairEvidence.TwinSignature
        or PairEvidence.NamesSoundDifferent or PairEvidence.NameAndBirthDateDiffer;

    /// <summary>
    /// The evidence for two records in different children (or in one, <paramref name="sameChild"/>). The vetoes come
    /// first in the order the clusterer checks them; a pair with none is unsure by weight or kept apart by its children.
    /// </summary>
    public static PairEvidence Classify(RecordFeatures a, RecordFeatures b, double weight, double linkThreshold, bool sameChild)
    {
        if (sameChild)
        {
            return PairEvidence.Linked;
        }

        if (ConfidentlyDifferent.DifferentRegisteredIds(a, b))
        {
            return PairEvidence.DifferentRegisterIds;
        }

        if (ConfidentlyDifferent.DifferentConsistentIds(a, b))
        {
            return Names.Compare(a, b) == NameComparison.Exact ? PairEvidence.TwinIdInRecord : PairEvidence.TwinSignature;
        }

        if (ConfidentlyDifferent.NamesSayDifferent(a, b))
        {
            return PairEvidence.NamesSoundDifferent;
        }

        if (ConfidentlyDifferent.NameAndBirthDateDiffer(a, b))
        {
            return PairEvidence.NameAndBirthDateDiffer;
        }

        if (ConfidentlyDifferent.OnlyAStewardMayLink(a, b))
        {
            return PairEvidence.RenameNeedsSteward;
        }

        return weight >= linkThreshold ? PairEvidence.KeptApartByAnotherRecord : PairEvidence.BelowLinkThreshold;
    }
}
