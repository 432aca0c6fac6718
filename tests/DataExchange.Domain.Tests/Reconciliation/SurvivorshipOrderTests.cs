using DataExchange.Domain.Agencies;
using DataExchange.Domain.Reconciliation;
using static DataExchange.Domain.Tests.Reconciliation.Linked;

namespace DataExchange.Domain.Tests.Reconciliation;

/// <summary>
/// Survivorship chooses among several sources by a scan with a comparison; this pins it to the rule as written down
/// (a stable sort by authority, day, frequency, time, agency, record key; the first wins), over many random children
/// whose records tie on every key in turn.
/// </summary>
public class SurvivorshipOrderTests
{
    private static readonly Agency[] Agencies = [.. AgencyCodes.All];

    [Fact]
    public void TheWinnerAndReasonAreThoseOfTheStableSortOverEveryKey()
    {
        var random = new Random(20261203);
        var fields = SurvivorshipRules.Default.Where(field => field.Name is "address" or "name" or "guardian_phone").ToList();
        for (var child = 0; child < 5_000; child++)
        {
            // Few values, days and times, so that every key of the order decides some children and ties reach the last.
            var records = Enumerable.Range(0, random.Next(2, 9)).Select(i => Record(
                Agencies[random.Next(Agencies.Length)],
                "R" + random.Next(4),
                Monday.AddDays(random.Next(2)).AddHours(random.Next(2)),
                1 + i,
                ("address", "A" + random.Next(3)), ("name", random.Next(4) == 0 ? "" : "N" + random.Next(3)), ("guardian_phone", "P" + random.Next(2)))).ToList();

            foreach (var field in fields)
            {
                var expected = Reference(field, records);
                var chosen = Survivorship.Choose(field, records);

                Assert.Equal(expected, chosen is null ? null : (chosen.Value, chosen.Source.SourceId, chosen.Source.Version, chosen.Reason));
            }
        }
    }

    /// <summary>The rule as a LINQ sort (what Survivorship.Choose did before it scanned).</summary>
    private static (string, string, int, SurvivorshipReason)? Reference(GoldenField field, List<LinkedRecord> records)
    {
        var candidates = field.Sources
            .SelectMany(source => records.Where(record => record.Agency == source.Agency && record.Value(source.Column).Length > 0)
                .Select(record => (Record: record, Value: record.Value(source.Column))))
            .ToList();
        if (candidates.Count == 0)
        {
            return null;
        }

        var frequency = candidates.GroupBy(c => c.Value, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var ordered = candidates
            .OrderBy(c => field.AuthorityRank(c.Record.Agency))
            .ThenByDescending(c => c.Record.UpdatedAt.Date)
            .ThenByDescending(c => frequency[c.Value])
            .ThenByDescending(c => c.Record.UpdatedAt)
            .ThenBy(c => c.Record.Agency)
            .ThenBy(c => c.Record.SourceId, StringComparer.Ordinal)
            .ToList();
        var (winner, value) = ordered[0];
        var sameDay = ordered.Where(c => c.Record.UpdatedAt.Date == winner.UpdatedAt.Date).Select(c => c.Value).Distinct(StringComparer.Ordinal).Count();
        var reason = ordered.Count == 1 ? SurvivorshipReason.OnlySource
            : field.AuthorityRank(winner.Agency) != int.MaxValue ? SurvivorshipReason.Authority
            : sameDay > 1 ? SurvivorshipReason.MostFrequent
            : SurvivorshipReason.MostRecent;
        return (value, winner.SourceId, winner.Version, reason);
    }
}
