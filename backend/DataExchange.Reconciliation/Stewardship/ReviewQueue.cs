using DataExchange.Data;
using DataExchange.Domain.Agencies;
using DataExchange.Matching.Calibration;
using DataExchange.Matching.Features;
using DataExchange.Matching.Scoring;
using DataExchange.Reconciliation.Children;
using DataExchange.Reconciliation.Linking;
using Microsoft.EntityFrameworkCore;
using DataExchange.Domain.Paging;

namespace DataExchange.Reconciliation.Stewardship;

/// <summary>Review queue filters; null or empty means "any".</summary>
public sealed record ReviewFilter(Agency? Agency = null, string RegionCode = "", double MinScore = 0, double MaxScore = 0, int MinAgeDays = 0, int PageSize = 50, int Page = 0);

/// <summary>
/// One open candidate with both records and the per-comparison breakdown. <see cref="Probability"/> is calibrated (one child
/// after all the evidence); <see cref="Reason"/> says why the engine did not link the pair.
/// </summary>
public sealed record ReviewItem(long Id, int Version, double Probability, double Weight, ReviewSide A, ReviewSide B, IReadOnlyList<ComparisonPart> Breakdown, DateTime ProposedAt,
    PairEvidence Reason = PairEvidence.BelowLinkThreshold);

/// <summary>One record of a candidate: key, version at proposal, current child and identity columns.</summary>
public sealed record ReviewSide(string Agency, string SourceId, int Version, string ChildId, IReadOnlyDictionary<string, string> Values);

/// <summary>The stewards' review queue.</summary>
public sealed class ReviewQueue(IDbContextFactory<ExchangeDbContext> contexts, TimeProvider clock, MatchModel model)
{
    public async Task<(IReadOnlyList<ReviewItem> Items, int Total)> ListAsync(ReviewFilter filter, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.MatchCandidates.AsNoTracking().Where(c => c.Status == "open");
        if (filter.RegionCode.Length > 0)
        {
            query = query.Where(c => c.RegionCode.StartsWith(filter.RegionCode));
        }

        if (filter.MinScore > 0)
        {
            query = query.Where(c => c.Probability >= filter.MinScore);
        }

        if (filter.MaxScore > 0)
        {
            query = query.Where(c => c.Probability <= filter.MaxScore);
        }

        if (filter.MinAgeDays > 0)
        {
            var before = clock.GetUtcNow().UtcDateTime.AddDays(-filter.MinAgeDays);
            query = query.Where(c => c.CreatedAt <= before);
        }

        if (filter.Agency is { } agency)
        {
            var code = agency.ToCode();
            var ids = db.SourceRecords.Where(r => r.Agency == code).Select(r => r.Id);
            query = query.Where(c => ids.Contains(c.RecordAId) || ids.Contains(c.RecordBId));
        }

        var window = PageWindow.Of(filter.Page, filter.PageSize, defaultSize: 50, maxSize: 200);
        var total = await query.CountAsync(cancellationToken);
        var page = await query.OrderByDescending(c => c.Probability).ThenBy(c => c.Id).Page(window).ToListAsync(cancellationToken);
        var recordIds = page.SelectMany(c => new[] { c.RecordAId, c.RecordBId }).Distinct().ToList();
        var records = await db.SourceRecords.AsNoTracking().Where(r => recordIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, cancellationToken);
        var children = await db.RecordLinks.AsNoTracking().Where(l => recordIds.Contains(l.SourceRecordId))
            .Join(db.Children, l => l.ChildId, c => c.Id, (l, c) => new { l.SourceRecordId, c.PublicId }).ToDictionaryAsync(x => x.SourceRecordId, x => x.PublicId, cancellationToken);

        ReviewSide Side(long id, int version)
        {
            var record = records[id];
            var values = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["name"] = record.Name, ["sex"] = record.Sex, ["birth_date"] = record.BirthDate, ["id_number"] = record.IdNumber, ["region_code"] = record.RegionCode,
            };
            return new ReviewSide(record.Agency, record.SourceId, version, children.GetValueOrDefault(id, ""), values);
        }

        // The reason is the pair's evidence as the linker judged it (Scorer.JudgeApart), from the records it was proposed on.
        PairEvidence Reason(long a, long b, double weight) => PairEvidenceOf.Classify(
            FeatureExtractor.Extract(StoredRecord.Raw(records[a])), FeatureExtractor.Extract(StoredRecord.Raw(records[b])), weight, model.LinkThreshold, sameChild: false);

        return ([.. page.Select(c => new ReviewItem(c.Id, c.Version, c.Probability, c.Weight, Side(c.RecordAId, c.RecordAVersion), Side(c.RecordBId, c.RecordBVersion),
            Breakdown.Deserialize(c.BreakdownJson), c.CreatedAt, Reason(c.RecordAId, c.RecordBId, c.Weight)))], total);
    }
}
