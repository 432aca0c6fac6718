using DataExchange.Matching.Features;

namespace DataExchange.Matching.Comparisons;

/// <summary>
/// The birth date and sex an ID number proves, against the ones the other record states. It catches a
/// sibling's ID typed into a record (the ID agrees, but it was born on another day) and, when one record
/// has no ID, still lets the other's ID speak for the date.
/// </summary>
public sealed class IdBirthComparison : IComparison
{
    public const int Null = 0, Agrees = 1, SexDiffers = 2, DateDiffers = 3;

    public string Name => "id_vs_stated";

    public IReadOnlyList<string> Levels { get; } =
        ["null", "embedded birth date and sex agree", "embedded birth date agrees, sex differs", "embedded birth date differs"];

    public int Compare(RecordFeatures a, RecordFeatures b)
    {
        var seen = false;
        var dateDiffers = false;
        var sexDiffers = false;
        Check(a, b, ref seen, ref dateDiffers, ref sexDiffers);
        Check(b, a, ref seen, ref dateDiffers, ref sexDiffers);
        return !seen ? Null : dateDiffers ? DateDiffers : sexDiffers ? SexDiffers : Agrees;
    }

    private static void Check(RecordFeatures withId, RecordFeatures stated, ref bool seen, ref bool dateDiffers, ref bool sexDiffers)
    {
        if (withId.IdBirth == 0 || stated.Birth == 0)
        {
            return;
        }

        seen = true;
        dateDiffers |= withId.IdBirth != stated.Birth;
        sexDiffers |= stated.Sex != Domain.Identifiers.Sex.Unknown && withId.IdSex != stated.Sex;
    }
}
