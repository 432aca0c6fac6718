using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage;

namespace DataExchange.Data.Writing;

/// <summary>
/// SaveChanges for bulk rows: added and modified entities of the given types are written by the provider's
/// <see cref="BulkWriter"/> (SQL or COPY built from the EF model, <see cref="BulkTable"/>), then marked saved; whatever
/// else is tracked goes through EF's SaveChanges as usual. EF's per-row command pipeline costs several times the
/// statement itself, and the linker writes thousands of rows per slice. Same semantics where it matters: generated
/// keys are read back (and propagate to dependents), concurrency tokens are checked (a lost update throws
/// DbUpdateConcurrencyException), and it runs inside the caller's transaction. Without a transaction, or on a provider
/// without a bulk writer (SQL Server), it is plain SaveChanges.
/// </summary>
public static class DirectSave
{
    /// <param name="types">Entity types to write directly, parents before children (foreign keys are checked per row).</param>
    public static async Task SaveChangesAsync(DbContext db, IReadOnlyList<Type> types, CancellationToken cancellationToken)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        var writer = transaction is null ? null : BulkWriter.For(db.Database.GetDbConnection(), transaction);
        if (writer is null)
        {
            await db.SaveChangesAsync(cancellationToken);
            return;
        }

        db.ChangeTracker.DetectChanges();
        var autoDetect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            var entries = db.ChangeTracker.Entries().Where(entry => entry.State is EntityState.Added or EntityState.Modified)
                .ToLookup(entry => entry.Metadata.ClrType);
            foreach (var type in types)
            {
                if (db.Model.FindEntityType(type) is not { } entityType || BulkTable.For(entityType) is not { } table || !writer.CanWrite(table))
                {
                    continue; // SaveChanges below writes it.
                }

                var byState = entries[type].ToLookup(entry => entry.State);
                await InsertAsync(writer, table, [.. byState[EntityState.Added]], cancellationToken);
                await UpdateAsync(writer, table, [.. byState[EntityState.Modified]], cancellationToken);
            }

            await db.SaveChangesAsync(cancellationToken);
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = autoDetect;
        }
    }

    private static async Task InsertAsync(BulkWriter writer, BulkTable table, List<EntityEntry> added, CancellationToken cancellationToken)
    {
        if (added.Count == 0)
        {
            return;
        }

        var keys = await writer.InsertAsync(table, [.. added.Select(entry => entry.Entity)], readKeys: true, cancellationToken);
        for (var i = 0; i < added.Count; i++)
        {
            if (keys is not null)
            {
                // Set through the entry, so EF replaces its temporary key and fixes up dependents' foreign keys.
                var property = added[i].Property(table.Generated!.Property);
                property.CurrentValue = Convert.ChangeType(keys[i], table.Generated.Property.ClrType, CultureInfo.InvariantCulture);
                property.IsTemporary = false;
            }

            added[i].State = EntityState.Unchanged;
        }
    }

    private static async Task UpdateAsync(BulkWriter writer, BulkTable table, List<EntityEntry> modified, CancellationToken cancellationToken)
    {
        if (modified.Count == 0)
        {
            return;
        }

        var match = table.Key.Concat(table.Tokens).ToList();
        var updates = modified.Select(entry =>
        {
            var originals = entry.OriginalValues;
            return new BulkUpdate(entry.Entity, [.. match.Select(column => column.ToProvider(originals[column.Property]))]);
        }).ToList();
        var changed = await writer.UpdateAsync(table, updates, cancellationToken);
        if (changed != modified.Count)
        {
            throw new DbUpdateConcurrencyException(string.Create(CultureInfo.InvariantCulture,
                $"{table.Name}: {modified.Count - changed} of {modified.Count} rows were changed or removed by another writer."));
        }

        foreach (var entry in modified)
        {
            // The written values become the original ones first: Modified -> Unchanged alone reverts an entity's
            // current values to its originals, and the caller would go on with the values it had before its change.
            entry.OriginalValues.SetValues(entry.CurrentValues);
            entry.State = EntityState.Unchanged;
        }
    }
}
