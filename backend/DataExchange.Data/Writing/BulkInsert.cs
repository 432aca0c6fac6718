using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace DataExchange.Data.Writing;

/// <summary>
/// Inserts rows that EF does not track, by the provider's <see cref="BulkWriter"/> inside the caller's transaction:
/// for a unit of work that makes hundreds of thousands of new rows (the empty hub's batch link) and changes none,
/// tracking them only to write them cost more than computing them (the change tracker's per-entity bookkeeping and its
/// DetectChanges over every tracked row at each save). Without a transaction, or on a provider without a bulk writer
/// (SQL Server), the rows go through SaveChanges and are detached again, so the caller sees the same either way: the
/// rows stored, generated keys set on the entities when asked for, nothing left tracked.
/// </summary>
public static class BulkInsert
{
    /// <param name="readKeys">Set the database's generated key on every entity (dependents written after need it).</param>
    public static async Task InsertAsync<T>(DbContext db, IReadOnlyList<T> rows, bool readKeys, CancellationToken cancellationToken)
        where T : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        var entityType = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        var writer = transaction is null ? null : BulkWriter.For(db.Database.GetDbConnection(), transaction);
        if (writer is not null && BulkTable.For(entityType) is { } table && writer.CanWrite(table))
        {
            var keys = await writer.InsertAsync(table, rows, readKeys, cancellationToken);
            if (keys is not null)
            {
                var property = table.Generated!.Property;
                // BulkTable admits CLR properties only (no shadow key), so the key has a PropertyInfo or a backing field.
                Action<object, object?> set = property.PropertyInfo is { CanWrite: true } info ? info.SetValue : property.FieldInfo!.SetValue;
                for (var i = 0; i < rows.Count; i++)
                {
                    set(rows[i], Convert.ChangeType(keys[i], property.ClrType, CultureInfo.InvariantCulture));
                }
            }

            return;
        }

        // EF sets the generated keys itself; the rows are detached after, as the bulk path never tracks them.
        db.AddRange(rows);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var row in rows)
        {
            db.Entry(row).State = EntityState.Detached;
        }
    }
}
