using System.Data.SqlTypes;
using DataExchange.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace DataExchange.Data.Audit;

/// <summary>
/// An audit row the hub cannot read (a timestamp that is not one, text where a number belongs, a NULL) was not
/// written by the hub: verification names it as tampered instead of failing with the reader's exception. Which
/// entry and which column are found by reading the columns one at a time, every column the hash covers.
/// </summary>
internal static class UnreadableEntries
{
    /// <summary>A value could not be converted to its column's type: what a hand-edited row causes.</summary>
    public static bool IsUnreadable(Exception exception) => exception switch
    {
        FormatException or InvalidCastException or OverflowException or SqlNullValueException or ArgumentOutOfRangeException => true,
        InvalidOperationException { InnerException: { } inner } => IsUnreadable(inner),
        _ => false,
    };

    /// <summary>The first entry after <paramref name="after"/> that cannot be read, and the first of its columns that cannot.</summary>
    public static async Task<(long? Sequence, string? Column)> FindAsync(ExchangeDbContext db, long after, CancellationToken cancellationToken)
    {
        long? sequence;
        try
        {
            sequence = await db.AuditEntries.AsNoTracking().Where(entry => entry.Sequence > after)
                .OrderBy(entry => entry.Sequence).Select(entry => (long?)entry.Sequence).FirstOrDefaultAsync(cancellationToken);
        }
        catch (Exception exception) when (IsUnreadable(exception))
        {
            return (null, nameof(AuditEntryEntity.Sequence));
        }

        if (sequence is null)
        {
            return (null, null);
        }

        var entity = db.Model.FindEntityType(typeof(AuditEntryEntity))!;
        foreach (var property in entity.GetProperties())
        {
            var read = typeof(UnreadableEntries).GetMethod(nameof(TryReadAsync), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
                .MakeGenericMethod(property.ClrType);
            if (!await (Task<bool>)read.Invoke(null, [db, sequence.Value, property.Name, cancellationToken])!)
            {
                return (sequence, property.Name);
            }
        }

        return (sequence, null);
    }

    private static async Task<bool> TryReadAsync<T>(ExchangeDbContext db, long sequence, string property, CancellationToken cancellationToken)
    {
        try
        {
            await db.AuditEntries.AsNoTracking().Where(entry => entry.Sequence == sequence)
                .Select(entry => EF.Property<T>(entry, property)).ToListAsync(cancellationToken);
            return true;
        }
        catch (Exception exception) when (IsUnreadable(exception))
        {
            return false;
        }
    }
}
