using DataExchange.Domain.Reconciliation.AlertTexts;
using DataExchange.Reconciliation.Children;
using DataExchange.Reconciliation.Stewardship;
using Google.Protobuf.WellKnownTypes;
using Contract = DataExchange.Contracts.V1;
using DomainAgencies = DataExchange.Domain.Agencies.AgencyCodes;

namespace DataExchange.Api.Grpc.Mapping;

/// <summary>Child directory, review queue and change feed views to their wire messages.</summary>
public static class ChildMapping
{
    /// <param name="language">The language alert texts are rendered in (the caller's accept-language).</param>
    public static Contract.Child ToContract(this ChildView child, AlertLanguage language = AlertLanguage.Chinese)
    {
        var message = new Contract.Child
        {
            ChildId = child.PublicId,
            Version = child.Version,
            Active = child.Active,
            MergedIntoChildId = child.MergedInto ?? "",
        };
        message.Golden.AddRange(child.Golden.Select(pair => new Contract.GoldenValue
        {
            Field = pair.Key,
            Value = pair.Value.Value,
            Agency = Agency(pair.Value.Agency),
            SourceId = pair.Value.SourceId,
            RecordVersion = pair.Value.Version,
            UpdatedAt = Time(pair.Value.UpdatedAt),
            Reason = pair.Value.Reason,
        }));
        message.Records.AddRange(child.Records.Select(record =>
        {
            var linked = new Contract.LinkedRecord
            {
                Agency = Agency(record.Agency), SourceId = record.SourceId, Version = record.Version, UpdatedAt = Time(record.UpdatedAt),
            };
            // Straight into the map field, not through an intermediate dictionary (an allocation per record per call).
            foreach (var (column, value) in record.Values)
            {
                if (value.Length > 0)
                {
                    linked.Values[column] = value;
                }
            }

            return linked;
        }));
        message.Conflicts.AddRange(child.Conflicts.Select(conflict =>
        {
            var wire = new Contract.Conflict
            {
                ConflictId = conflict.Id, Kind = conflict.Kind, Field = conflict.Field, Status = conflict.Status, Version = conflict.Version, Resolution = conflict.Resolution,
            };
            wire.Sides.AddRange(conflict.Values.Select(v => new Contract.ConflictSide { Agency = Agency(v.Agency), SourceId = v.SourceId, RecordVersion = v.Version, Value = v.Value }));
            return wire;
        }));
        message.Alerts.AddRange(child.Alerts.Select(alert => new Contract.Alert
        {
            AlertId = alert.Id, Rule = alert.Rule, Agency = Agency(alert.Agency), Status = alert.Status, Version = alert.Version,
            Message = alert.Text(language),
            // An alert found at read time (an agency's view) has no stored opening time.
            CreatedAt = alert.CreatedAt == default ? null : Time(alert.CreatedAt),
        }));
        message.History.AddRange(child.History.Select(ToContract));
        return message;
    }

    public static Contract.HistoryEntry ToContract(this HistoryEntry entry) =>
        new() { Sequence = entry.Sequence, Kind = entry.Kind, Detail = entry.Detail, At = Time(entry.At) };

    public static Contract.ReviewCandidate ToContract(this ReviewItem item)
    {
        var message = new Contract.ReviewCandidate
        {
            CandidateId = item.Id, Version = item.Version, Score = item.Probability, MatchWeight = item.Weight,
            A = Side(item.A), B = Side(item.B), ProposedAt = Time(item.ProposedAt),
            Reason = DataExchange.Matching.Calibration.PairEvidenceOf.Code(item.Reason),
            ReasonText = DataExchange.Matching.Calibration.PairEvidenceOf.Describe(item.Reason),
        };
        message.Breakdown.AddRange(item.Breakdown.Select(part => new Contract.ComparisonScore { Comparison = part.Comparison, Level = part.Level, Weight = part.Weight }));
        return message;
    }

    public static Contract.Agency Agency(string code) =>
        DomainAgencies.TryParse(code, out var agency) ? agency.ToContract() : Contract.Agency.Unspecified;

    public static Timestamp Time(DateTime at) => Timestamp.FromDateTime(DateTime.SpecifyKind(at, DateTimeKind.Utc));

    private static Contract.CandidateRecord Side(ReviewSide side)
    {
        var record = new Contract.CandidateRecord { Agency = Agency(side.Agency), SourceId = side.SourceId, Version = side.Version, ChildId = side.ChildId };
        record.Values.Add(side.Values.Where(v => v.Value.Length > 0).ToDictionary());
        return record;
    }
}
