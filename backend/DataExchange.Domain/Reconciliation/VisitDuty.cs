using DataExchange.Domain.Agencies;

namespace DataExchange.Domain.Reconciliation;

/// <summary>
/// How often civil affairs must visit a child at home (Qingdao item 10, DOMAIN.md "The children"): scattered orphans
/// and de facto unsupported children at least monthly; left-behind and other vulnerable children at least every
/// 3 months; children with poor guardianship, dropouts, serious illness, severe disability or a history of running
/// away at least monthly. <see cref="Reasons"/> are the codes of what set the period (category first).
/// </summary>
public sealed record VisitDuty(int Months, IReadOnlyList<string> Reasons)
{
    /// <summary>Reason codes besides the category: the situations that make a visit monthly.</summary>
    public const string Dropout = "dropout";
    public const string SeriousIllness = "serious_illness";
    public const string SevereDisability = "severe_disability";

    /// <summary>
    /// Serious illness (重病): the children's conditions of the national list of major diseases covered since 2010-2012
    /// (儿童白血病, 儿童先天性心脏病, I型糖尿病), in English and Chinese, matched inside the free-text column.
    /// </summary>
    public static IReadOnlyList<string> SeriousConditions { get; } =
        ["leukaemia", "leukemia", "congenital heart disease", "type 1 diabetes", "白血病", "先天性心脏病", "1型糖尿病", "I型糖尿病"];

    /// <summary>
    /// The duty of a child registered by civil affairs with <paramref name="category"/>, or null when there is none:
    /// a category outside the vulnerable ones, or a person no longer a child (18 or over on the as-of date).
    /// Poor guardianship and a history of running away are not in the exchange format, so they cannot count here.
    /// </summary>
    public static VisitDuty? For(string category, IReadOnlyList<LinkedRecord> records, GoldenRecord golden, int? age)
    {
        var monthlyByCategory = category is "orphan" or "de_facto_unsupported";
        if (!monthlyByCategory && category is not ("left_behind" or "in_difficulty") || age is >= 18)
        {
            return null;
        }

        var reasons = new List<string> { category };
        if (records.Any(record => record.Agency == Agency.Education && record.Value("enrollment_status") == "dropped_out"))
        {
            reasons.Add(Dropout);
        }

        var condition = golden.Value("chronic_condition");
        if (SeriousConditions.Any(serious => condition.Contains(serious, StringComparison.OrdinalIgnoreCase)))
        {
            reasons.Add(SeriousIllness);
        }

        // Levels 1 and 2 of the certificate are severe disability (重度残疾), as the disability subsidies define it.
        if (golden.Value("disability_level") is "1" or "2")
        {
            reasons.Add(SevereDisability);
        }

        return new VisitDuty(monthlyByCategory || reasons.Count > 1 ? 1 : 3, reasons);
    }
}
