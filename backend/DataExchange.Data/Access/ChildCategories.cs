using DataExchange.Data.Records;
using DataExchange.Domain.Agencies;
using Microsoft.EntityFrameworkCore;

namespace DataExchange.Data.Access;

/// <summary>
/// A child's protection categories as civil affairs records them (the authority for them), found by ID number.
/// Until the child directory links records, a child without an ID number has no known category.
/// </summary>
public sealed class ChildCategories(IDbContextFactory<ExchangeDbContext> contexts)
{
    public async Task<IReadOnlySet<string>> ForIdNumberAsync(string normalizedIdNumber, CancellationToken cancellationToken)
    {
        if (normalizedIdNumber.Length == 0)
        {
            return new HashSet<string>();
        }

        var civilAffairs = Agency.CivilAffairs.ToCode();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var columns = await db.SourceRecords.AsNoTracking()
            .Where(record => record.Agency == civilAffairs && record.IdNumber == normalizedIdNumber && !record.Retracted)
            .Select(record => record.NormalizedJson)
            .ToListAsync(cancellationToken);
        return columns.Select(json => RecordJson.DeserializeColumns(json).GetValueOrDefault("category", ""))
            .Where(category => category.Length > 0)
            .ToHashSet(StringComparer.Ordinal);
    }
}
