using DataExchange.Data;
using DataExchange.Data.Entities;
using DataExchange.Data.Querying;
using DataExchange.Data.Entities.Reconciliation;
using DataExchange.Data.Records;
using DataExchange.Domain.Errors;
using DataExchange.Domain.Normalization;
using Microsoft.EntityFrameworkCore;
using DataExchange.Domain.Paging;

namespace DataExchange.Reconciliation.Children;

/// <summary>Reads of the child directory: one child, a search, a child's history, and the counts dx report prints.</summary>
public sealed class ChildQueries(IDbContextFactory<ExchangeDbContext> contexts)
{
    public async Task<ChildView> GetAsync(string publicId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // One connection for the five queries below: EF would otherwise open and close (and, on SQLite, re-apply
        // the per-connection pragmas for) each of them. It is closed when the context is disposed.
        await db.Database.OpenConnectionAsync(cancellationToken);
        var child = await ChildByPublicId.For(db)(db, publicId);
        if (child is null || (!child.Active && child.MergedIntoId is null))
        {
            throw new NotFoundException($"No child '{publicId}'.");
        }

        var mergedInto = child.MergedIntoId is { } survivor ? await PublicIdOf.For(db)(db, survivor) : null;
        var records = await RecordsOf.For(db)(db, child.Id).ToListAsync(cancellationToken);
        var conflicts = await OpenConflictsOf.For(db)(db, child.Id).ToListAsync(cancellationToken);
        var alerts = await LiveAlertsOf.For(db)(db, child.Id).ToListAsync(cancellationToken);
        var history = await HistoryOf.For(db)(db, child.Id).ToListAsync(cancellationToken);
        return new ChildView(
            child.PublicId, child.Version, child.Active, mergedInto,
            GoldenJson.Deserialize(child.GoldenJson),
            [.. records.Select(record => new RecordView(record.Agency, record.SourceId, record.Version, record.UpdatedAt, StoredRecord.Linked(record).Values))],
            [.. conflicts.Select(c => new ConflictView(c.Id, c.Kind, c.Field, c.Status, c.Version, ConflictJson.Deserialize(c.ValuesJson), c.ResolutionJson))],
            [.. alerts.Select(a => new AlertView(a.Id, a.Rule, a.Agency, a.Status, a.Version, a.Message, a.CreatedAt, a.Facts))],
            history);
    }

    public async Task<IReadOnlyList<HistoryEntry>> GetHistoryAsync(string publicId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var id = await db.Children.Where(c => c.PublicId == publicId).Select(c => (long?)c.Id).SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException($"No child '{publicId}'.");
        return await HistoryOf.For(db)(db, id).ToListAsync(cancellationToken);
    }

    /// <summary>Active children matching every given filter; a name matches in characters or in pinyin (prefix).</summary>
    public async Task<(IReadOnlyList<ChildSummary> Children, int Total)> SearchAsync(ChildSearch search, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.Children.AsNoTracking().Where(c => c.Active);
        if (search.Name.Trim() is { Length: > 0 } name)
        {
            var pinyin = NamePinyin.Query(name);
            var normalized = PersonNames.Normalize(name);
            query = pinyin.Length > 0 && pinyin.Length == name.Count(char.IsAsciiLetter) && !name.Any(c => c >= '\u3400')
                ? query.Where(c => c.NamePinyin.StartsWith(pinyin))
                : query.Where(c => c.Name.StartsWith(normalized));
        }

        if (search.IdNumber.Length > 0)
        {
            var id = DataExchange.Domain.Identifiers.CitizenIdNumber.Normalize(search.IdNumber);
            query = query.Where(c => c.IdNumber == id);
        }

        if (search.BirthDate.Length > 0 && DateSpellings.TryParse(search.BirthDate, out var birth))
        {
            var iso = DateSpellings.ToIso(birth);
            query = query.Where(c => c.BirthDate == iso);
        }

        if (search.RegionCode.Length > 0)
        {
            query = query.Where(c => c.RegionCode.StartsWith(search.RegionCode));
        }

        if (search.Category.Length > 0)
        {
            query = query.Where(c => c.Category == search.Category);
        }

        var window = PageWindow.Of(search.Page, search.PageSize, defaultSize: 20, maxSize: 200);
        var total = await query.CountAsync(cancellationToken);
        var page = await query.OrderBy(c => c.Name).ThenBy(c => c.Id).Page(window)
            .Select(c => new ChildSummary(c.PublicId, c.Name, c.BirthDate, c.RegionCode, c.Category, c.IdNumber, c.RecordCount)).ToListAsync(cancellationToken);
        return (page, total);
    }

    /// <summary>The four counts dx report prints.</summary>
    public async Task<(int Children, int ReviewCandidates, int Conflicts, int Alerts)> CountAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return (
            await db.Children.CountAsync(c => c.Active, cancellationToken),
            await db.MatchCandidates.CountAsync(c => c.Status == "open", cancellationToken),
            await db.Conflicts.CountAsync(c => c.Status == "open", cancellationToken),
            await db.Alerts.CountAsync(a => a.Status != "closed", cancellationToken));
    }

    // GetChild's queries, compiled (see CompiledQuery): it runs them on every read.
    private static readonly CompiledQuery<Func<ExchangeDbContext, string, Task<ChildEntity?>>> ChildByPublicId = new(() =>
        EF.CompileAsyncQuery((ExchangeDbContext db, string publicId) => db.Children.AsNoTracking().SingleOrDefault(c => c.PublicId == publicId)));

    private static readonly CompiledQuery<Func<ExchangeDbContext, long, Task<string?>>> PublicIdOf = new(() =>
        EF.CompileAsyncQuery((ExchangeDbContext db, long id) => db.Children.Where(c => c.Id == id).Select(c => c.PublicId).SingleOrDefault()));

    private static readonly CompiledQuery<Func<ExchangeDbContext, long, IAsyncEnumerable<SourceRecordEntity>>> RecordsOf = new(() =>
        EF.CompileAsyncQuery<ExchangeDbContext, long, SourceRecordEntity>((ExchangeDbContext db, long childId) => db.RecordLinks.AsNoTracking().Where(link => link.ChildId == childId)
            .Join(db.SourceRecords, link => link.SourceRecordId, record => record.Id, (link, record) => record)
            .Where(record => !record.Retracted).OrderBy(record => record.Agency).ThenBy(record => record.SourceId)));

    private static readonly CompiledQuery<Func<ExchangeDbContext, long, IAsyncEnumerable<ConflictEntity>>> OpenConflictsOf = new(() =>
        EF.CompileAsyncQuery<ExchangeDbContext, long, ConflictEntity>((ExchangeDbContext db, long childId) =>
            db.Conflicts.AsNoTracking().Where(c => c.ChildId == childId && c.Status != "closed").OrderBy(c => c.Id)));

    private static readonly CompiledQuery<Func<ExchangeDbContext, long, IAsyncEnumerable<AlertEntity>>> LiveAlertsOf = new(() =>
        EF.CompileAsyncQuery<ExchangeDbContext, long, AlertEntity>((ExchangeDbContext db, long childId) =>
            db.Alerts.AsNoTracking().Where(a => a.ChildId == childId && a.Status != "closed").OrderBy(a => a.Id)));

    private static readonly CompiledQuery<Func<ExchangeDbContext, long, IAsyncEnumerable<HistoryEntry>>> HistoryOf = new(() =>
        EF.CompileAsyncQuery<ExchangeDbContext, long, HistoryEntry>((ExchangeDbContext db, long childId) => db.ChangeEvents.AsNoTracking().Where(e => e.ChildId == childId)
            .OrderBy(e => e.Sequence).Select(e => new HistoryEntry(e.Sequence, e.Kind, e.Detail, e.CreatedAt))));
}
