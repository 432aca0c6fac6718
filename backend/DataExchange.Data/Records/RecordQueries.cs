using DataExchange.Data.Entities;
using DataExchange.Domain.Agencies;
using DataExchange.Domain.Errors;
using Microsoft.EntityFrameworkCore;

namespace DataExchange.Data.Records;

/// <summary>Reads of source records: an agency's own record with its history, and identity look-ups.</summary>
public sealed class RecordQueries(IDbContextFactory<ExchangeDbContext> contexts)
{
    public async Task<SourceRecordEntity> GetWithHistoryAsync(Agency agency, string sourceId, CancellationToken cancellationToken) =>
        await FindWithHistoryAsync(agency, sourceId, cancellationToken)
        ?? throw new NotFoundException($"{agency.ToCode()} has no record with source_id {Echo.Quote(sourceId)}.");

    /// <summary>The record with every version, oldest first; null when the agency has none with that source_id.</summary>
    public async Task<SourceRecordEntity?> FindWithHistoryAsync(Agency agency, string sourceId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var code = agency.ToCode();
        return await db.SourceRecords.AsNoTracking()
            .Include(entity => entity.Versions.OrderBy(version => version.Version))
            .SingleOrDefaultAsync(entity => entity.Agency == code && entity.SourceId == sourceId, cancellationToken);
    }

    /// <summary>The normalised names of current (not retracted) records carrying this normalised ID number.</summary>
    public async Task<IReadOnlyList<string>> NamesForIdNumberAsync(string idNumber, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.SourceRecords.AsNoTracking()
            .Where(record => record.IdNumber == idNumber && !record.Retracted)
            .Select(record => record.Name)
            .Distinct()
            .ToListAsync(cancellationToken);
    }

    public async Task<int> CountAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.SourceRecords.CountAsync(cancellationToken);
    }
}
