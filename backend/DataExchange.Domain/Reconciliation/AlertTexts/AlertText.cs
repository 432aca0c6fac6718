using System.Text.RegularExpressions;
using DataExchange.Domain.Agencies;
using DataExchange.Domain.Identifiers;

namespace DataExchange.Domain.Reconciliation.AlertTexts;

/// <summary>
/// Renders an alert's text from its stored facts in the reader's language: the one place alert texts are written,
/// for GetChild and any list of alerts. Facts never hold an ID-bearing value; an alert stored before facts were
/// kept shows its stored text with every ID-like run of characters masked.
/// </summary>
public static partial class AlertText
{
    public static string Render(string rule, string storedFacts, string storedMessage, AlertLanguage language)
    {
        var facts = AlertFacts.Parse(storedFacts);
        if (facts.IsEmpty || !Enum.TryParse<AlertRule>(rule, out var known))
        {
            return MaskIds(storedMessage);
        }

        return Render(known, facts, language);
    }

    public static string Render(AlertRule rule, AlertFacts facts, AlertLanguage language)
    {
        var phrases = language == AlertLanguage.English ? AlertPhrases.English : AlertPhrases.Chinese;
        return rule switch
        {
            AlertRule.VulnerableChildDroppedOut => phrases.DroppedOut(facts["category"]),
            AlertRule.DisabledChildUnknownToCivilAffairs => phrases.DisabledUnknown(facts["age"]),
            AlertRule.PossiblyOutOfSchool => phrases.OutOfSchool(facts["age"]),
            AlertRule.VisitOverdue => phrases.VisitOverdue(
                int.TryParse(facts["months"], out var months) ? months : 0,
                facts["reasons"].Split(',', StringSplitOptions.RemoveEmptyEntries),
                facts["last_visit"],
                facts["due"]),
            AlertRule.IdentityInconsistency => phrases.Inconsistency(Record(facts["record"]), facts["kind"], facts["stated"], facts["id_says"]),
            _ => "",
        };
    }

    /// <summary>Masks runs that may be an ID, student or certificate number (15 or more digits, with a letter prefix or X).</summary>
    public static string MaskIds(string text) => IdLike().Replace(text, match => CitizenIdNumber.Mask(match.Value));

    private static (Agency? Agency, string SourceId) Record(string stored)
    {
        var parts = stored.Split('/', 2);
        return parts.Length == 2 && AgencyCodes.TryParse(parts[0], out var agency) ? (agency, parts[1]) : (null, stored);
    }

    [GeneratedRegex("[A-Za-z]?[0-9０-９]{14,}[0-9０-９Xx]*")]
    private static partial Regex IdLike();
}
