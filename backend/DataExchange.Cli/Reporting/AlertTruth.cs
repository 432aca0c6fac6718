using DataExchange.Reconciliation.Children;

namespace DataExchange.Cli.Reporting;

/// <summary>One alert truly due (a row of dx generate's alert truth): rule, agency that must act, person, their records.</summary>
public sealed record DueAlert(string Rule, string Agency, string PersonId, IReadOnlyList<string> Records);

/// <summary>One rule's figures: alerts raised, how many of them are due, alerts due, how many of those were raised.</summary>
public sealed record RuleScore(string Rule, int Raised, int RaisedAndDue, int Due, int DueAndRaised)
{
    public double Precision => Raised == 0 ? 1 : (double)RaisedAndDue / Raised;
    public double Recall => Due == 0 ? 1 : (double)DueAndRaised / Due;
}

/// <summary>
/// Scores the live alerts against the alerts truly due. An alert about a child counts as due when most of that child's
/// records belong to one person the truth lists for the same rule and agency (so an alert on two children wrongly
/// merged, or on a fragment of a child, is judged by the person it mostly is); an IdentityInconsistency alert is about
/// one record and counts when the truth lists that record. Recall counts the due alerts that at least one alert found.
/// </summary>
public static class AlertTruth
{
    public static IReadOnlyList<DueAlert> Read(string path)
    {
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0 || lines[0].Trim() != ExchangeFiles.Generation.AlertTruthWriter.Header)
        {
            throw new FormatException($"{path} is not an alert truth file: its first line should be '{ExchangeFiles.Generation.AlertTruthWriter.Header}' (dx generate --alert-truth writes one)");
        }

        return [.. lines.Skip(1).Where(line => line.Length > 0).Select((line, i) =>
        {
            var parts = line.Split(',', 4);
            return parts.Length == 4
                ? new DueAlert(parts[0], parts[1], parts[2], parts[3].Split(' ', StringSplitOptions.RemoveEmptyEntries))
                : throw new FormatException($"{path} line {i + 2}: expected rule,agency,person_id,records");
        })];
    }

    public static IReadOnlyList<RuleScore> Score(IReadOnlyList<LiveAlert> alerts, IReadOnlyList<DueAlert> due)
    {
        var byRecord = due.SelectMany(d => d.Records.Select(record => (Key: (d.Rule, d.Agency, record), Due: d)))
            .GroupBy(pair => pair.Key).ToDictionary(group => group.Key, group => group.Select(pair => pair.Due).ToList());
        var found = new HashSet<DueAlert>(ReferenceEqualityComparer.Instance);
        var raised = new Dictionary<string, (int All, int Due)>();
        foreach (var alert in alerts)
        {
            var match = alert.Rule == "IdentityInconsistency" ? RecordMatch(alert, byRecord) : ChildMatch(alert, byRecord);
            if (match is not null)
            {
                found.Add(match);
            }

            var (all, hits) = raised.GetValueOrDefault(alert.Rule);
            raised[alert.Rule] = (all + 1, hits + (match is null ? 0 : 1));
        }

        var rules = raised.Keys.Concat(due.Select(d => d.Rule)).Distinct().Order(StringComparer.Ordinal);
        return [.. rules.Select(rule => new RuleScore(rule,
            raised.GetValueOrDefault(rule).All, raised.GetValueOrDefault(rule).Due,
            due.Count(d => d.Rule == rule), due.Count(d => d.Rule == rule && found.Contains(d))))];
    }

    /// <summary>The due alert whose person holds most (more than half) of the alerted child's records.</summary>
    private static DueAlert? ChildMatch(LiveAlert alert, Dictionary<(string, string, string), List<DueAlert>> byRecord)
    {
        var best = alert.Records
            .SelectMany(record => byRecord.GetValueOrDefault((alert.Rule, alert.Agency, record)) ?? [])
            .GroupBy(d => d, ReferenceEqualityComparer.Instance)
            .Select(group => (Due: (DueAlert)group.Key!, Count: group.Count()))
            .OrderByDescending(pair => pair.Count).FirstOrDefault();
        return best.Due is not null && best.Count * 2 > alert.Records.Count ? best.Due : null;
    }

    /// <summary>The record an IdentityInconsistency alert names: the last part of its key (rule:agency:kind:field:record).</summary>
    private static DueAlert? RecordMatch(LiveAlert alert, Dictionary<(string, string, string), List<DueAlert>> byRecord)
    {
        var parts = alert.Key.Split(':', 5);
        return parts.Length == 5 && byRecord.GetValueOrDefault((alert.Rule, alert.Agency, parts[4])) is [var first, ..] ? first : null;
    }
}
