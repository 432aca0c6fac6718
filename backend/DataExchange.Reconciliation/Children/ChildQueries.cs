using DataExchange.Data;
using DataExchange.Data.Entities;
using DataExchange.Data.Querying;
using DataExchange.Data.Entities.Reconciliation;
using DataExchange.Data.Records;
using DataExchange.Domain.Errors;
using DataExchange.Domain.Normalization;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using DataExchange.Domain.Paging;

namespace DataExchange.Reconciliation.Children;

/// <summary>Reads of the child directory: one child, a search, a child's history, and the counts dx report prints.</summary>
public sealed class ChildQueries(IDbContextFactory<ExchangeDbContext> contexts, PreparedChildReads prepared)
{
    public async Task<ChildView> GetAsync(string publicId, CancellationToken cancellationToken)
    {
        // One command for the child and everything shown with it (see ChildRead): kept prepared on SQLite.
        var rows = await prepared.TryReadAsync(publicId, cancellationToken) ?? await ReadAsync(publicId, cancellationToken);
        if (rows.Child is not { } child || (!child.Active && child.MergedIntoId is null))
        {
            throw new NotFoundException($"No child '{publicId}'.");
        }

        return new ChildView(
            child.PublicId, child.Version, child.Active, child.MergedIntoPublicId,
            new StoredGoldenRecord(child.GoldenJson),
            [.. rows.Records.Select(record => new RecordView(record.Agency, record.SourceId, record.Version, record.UpdatedAt, StoredRecord.Linked(record).Values))],
            [.. rows.Conflicts.Select(c => new ConflictView(c.Id, c.Kind, c.Field, c.Status, c.Version, ConflictJson.Deserialize(c.ValuesJson), c.ResolutionJson, c.Key))],
            [.. rows.Alerts.Select(a => new AlertView(a.Id, a.Rule, a.Agency, a.Status, a.Version, a.Message, a.CreatedAt, a.Facts))],
            rows.History)
        {
            Overrides = GoldenJson.DeserializeOverrides(child.OverridesJson),
            SurvivorHolders = rows.SurvivorHolders.ToHashSet(StringComparer.Ordinal),
        };
    }

    private async Task<ChildRead.Rows> ReadAsync(string publicId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // The connection is closed when the context is disposed.
        await db.Database.OpenConnectionAsync(cancellationToken);
        return await ChildRead.ReadAsync(db, publicId, cancellationToken);
    }

    public async Task<IReadOnlyList<HistoryEntry>> GetHistoryAsync(string publicId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var id = await db.Children.Where(c => c.PublicId == publicId).Select(c => (long?)c.Id).SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException($"No child '{publicId}'.");
        return await HistoryOf.For(db)(db, id).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Active children matching every given filter, on the values the searcher may see: for an agency, what its own
    /// records of the child say (child_holdings: another agency's record never makes a child match, nor counts); for a
    /// steward, the golden identity and contact columns. A filter on a column the searcher may not see (a category
    /// outside civil affairs' own records, or for a steward) matches nothing. A name matches in characters or in
    /// pinyin (prefix).
    /// </summary>
    /// <param name="agency">The searching agency's code; null for a steward.</param>
    public async Task<(IReadOnlyList<ChildSummary> Children, int Total)> SearchAsync(ChildSearch search, string? agency, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var window = PageWindow.Of(search.Page, search.PageSize, defaultSize: 20, maxSize: 200);
        if (agency is null)
        {
            if (search.Category.Length > 0)
            {
                return ([], 0); // Welfare is not shown to a steward without a grant: nothing matches on it.
            }

            var children = Filter(db.Children.AsNoTracking().Where(c => c.Active), search,
                c => c.Name, c => c.NamePinyin, c => c.IdNumber, c => c.BirthDate, c => c.RegionCode, c => c.Category);
            var total = await children.CountAsync(cancellationToken);
            var page = await children.OrderBy(c => c.Name).ThenBy(c => c.Id).Page(window)
                .Select(c => new ChildSummary(c.PublicId, c.Name, c.BirthDate, c.RegionCode, "", c.IdNumber, c.RecordCount)).ToListAsync(cancellationToken);
            return (page, total);
        }

        // The child's active flag is read through the join: a merged-away or emptied child keeps no holdings anyway.
        var holdings = Filter(db.ChildHoldings.AsNoTracking().Where(h => h.Agency == agency), search,
            h => h.Name, h => h.NamePinyin, h => h.IdNumber, h => h.BirthDate, h => h.RegionCode, h => h.Category);
        var found = holdings.Join(db.Children.Where(c => c.Active), h => h.ChildId, c => c.Id, (h, c) => new { h, c.PublicId });
        var count = await found.CountAsync(cancellationToken);
        var hits = await found.OrderBy(x => x.h.Name).ThenBy(x => x.h.ChildId).Page(window)
            .Select(x => new ChildSummary(x.PublicId, x.h.Name, x.h.BirthDate, x.h.RegionCode, x.h.Category, x.h.IdNumber, x.h.RecordCount))
            .ToListAsync(cancellationToken);
        return (hits, count);
    }

    /// <summary>The ID numbers of the records linked to these children (the audit names each child by their keys).</summary>
    public async Task<IReadOnlyList<string>> IdNumbersOfAsync(IReadOnlyCollection<string> publicIds, CancellationToken cancellationToken)
    {
        if (publicIds.Count == 0)
        {
            return [];
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Children.Where(c => EF.Parameter(publicIds).Contains(c.PublicId))
            .Join(db.RecordLinks, c => c.Id, l => l.ChildId, (c, l) => l.SourceRecordId)
            .Join(db.SourceRecords, id => id, r => r.Id, (id, r) => r.IdNumber)
            .Where(number => number != "").Distinct().ToListAsync(cancellationToken);
    }

    /// <summary>The search's filters over one table's columns (children or child_holdings).</summary>
    private static IQueryable<T> Filter<T>(IQueryable<T> query, ChildSearch search,
        Expression<Func<T, string>> name, Expression<Func<T, string>> pinyin, Expression<Func<T, string>> idNumber,
        Expression<Func<T, string>> birthDate, Expression<Func<T, string>> regionCode, Expression<Func<T, string>> category)
    {
        if (search.Name.Trim() is { Length: > 0 } text)
        {
            var spelled = NamePinyin.Query(text);
            var normalized = PersonNames.Normalize(text);
            query = spelled.Length > 0 && spelled.Length == text.Count(char.IsAsciiLetter) && !text.Any(c => c >= '\u3400')
                ? query.Where(StartsWith(pinyin, spelled))
                : query.Where(StartsWith(name, normalized));
        }

        if (search.IdNumber.Length > 0)
        {
            query = query.Where(Equal(idNumber, DataExchange.Domain.Identifiers.CitizenIdNumber.Normalize(search.IdNumber)));
        }

        if (search.BirthDate.Length > 0 && DateSpellings.TryParse(search.BirthDate, out var birth))
        {
            query = query.Where(Equal(birthDate, DateSpellings.ToIso(birth)));
        }

        if (search.RegionCode.Length > 0)
        {
            query = query.Where(StartsWith(regionCode, search.RegionCode));
        }

        if (search.Category.Length > 0)
        {
            query = query.Where(Equal(category, search.Category));
        }

        return query;
    }

    private static Expression<Func<T, bool>> StartsWith<T>(Expression<Func<T, string>> column, string prefix) =>
        Expression.Lambda<Func<T, bool>>(
            Expression.Call(column.Body, typeof(string).GetMethod(nameof(string.StartsWith), [typeof(string)])!, Constant(prefix)), column.Parameters);

    private static Expression<Func<T, bool>> Equal<T>(Expression<Func<T, string>> column, string value) =>
        Expression.Lambda<Func<T, bool>>(Expression.Equal(column.Body, Constant(value)), column.Parameters);

    // A captured variable, not a literal: EF sends it as a parameter (one cached plan, no SQL built from input).
    private static Expression Constant(string value) => ((Expression<Func<string>>)(() => value)).Body;

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

    // The history query, compiled (see CompiledQuery): GetChildHistory runs it on every call.
    private static readonly CompiledQuery<Func<ExchangeDbContext, long, IAsyncEnumerable<HistoryEntry>>> HistoryOf = new(() =>
        EF.CompileAsyncQuery<ExchangeDbContext, long, HistoryEntry>((ExchangeDbContext db, long childId) => db.ChangeEvents.AsNoTracking().Where(e => e.ChildId == childId)
            .OrderBy(e => e.Sequence).Select(e => new HistoryEntry(e.Sequence, e.Kind, e.Detail, e.CreatedAt, e.Agencies))));
}
