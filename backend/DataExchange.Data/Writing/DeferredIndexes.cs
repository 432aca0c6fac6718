using DataExchange.Data.Entities;
using DataExchange.Data.Entities.Reconciliation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace DataExchange.Data.Writing;

/// <summary>
/// Secondary indexes (and, on PostgreSQL, the stored records' foreign keys) left out while an initial load fills empty
/// tables, and built once after it, from the sorted rows.
/// <para>
/// Why indexes: the tables' secondary indexes are keyed in no particular order (ID number, name, birth date, ...), so every
/// committed chunk of a load dirties pages all over each of them, and SQLite's WAL appends every such page again at each
/// commit: the 1,000,000-children load wrote 66.6 GB for a 4.3 GB file, 53 GB of it while storing. An index built after
/// the load is written once, in order.
/// </para>
/// <para>
/// Why foreign keys (PostgreSQL): every version and link-queue row a new record brings is checked against its record by
/// a trigger per row that looks the record up and locks it (<c>SELECT ... FOR KEY SHARE</c>, which marks the record's
/// tuple and WAL-logs that): 586,134 such checks while storing gen100k. Inserting its 293,067 versions took 4.1 s with
/// the key and 1.8 s without, and adding the key back validates them all with one join in 0.5 s (INSERT ... SELECT on
/// the private server of infra/scripts/postgres.sh at load 11). The linker's tables are not among them: its batch
/// defers their keys inside its own transaction (<see cref="Providers.DeferredForeignKeys"/>).
/// </para>
/// <para>
/// What is left out: the non-unique indexes of the model (<see cref="ModelIndexes"/>) on tables that hold no row when the
/// load begins, and on PostgreSQL the foreign keys of <see cref="StoredTypes"/>'s tables when they hold no row. Unique
/// indexes and primary keys stay, so every uniqueness they enforce holds throughout (the same record sent twice is stored
/// once; a concurrent writer's duplicate is refused), and tables that already hold rows keep theirs. A row the keys would
/// have refused cannot arise meanwhile: a version and a queue entry are only ever written in the transaction that writes
/// or reads their record, and no record is ever deleted; adding the key back checks every row all the same, and fails
/// loudly if one lacks its record.
/// </para>
/// <para>
/// Crash safety: nothing is recorded about the deferral. The indexes and keys are the model's, so a database lacking one
/// is repaired by <see cref="ModelIndexes.RestoreMissingAsync"/> and <see cref="ModelForeignKeys.RestoreMissingAsync"/>,
/// which every start runs after the migrations (<see cref="Providers.DatabaseSetup.MigrateAsync"/>): an import killed
/// mid-way leaves a hub whose next host start or rerun builds the missing indexes and keys, over the rows committed by
/// then. Readers meanwhile get the same answers, only slower.
/// </para>
/// </summary>
public sealed class DeferredIndexes
{
    /// <summary>The entity types whose rows storing new records fills (see Records/NewRecordInserts), besides the record's own.</summary>
    public static readonly IReadOnlyList<Type> StoredTypes = [typeof(SourceRecordVersionEntity), typeof(PendingLinkEntity)];

    private DeferredIndexes(IReadOnlyList<string> dropped, IReadOnlyList<string> droppedForeignKeys)
    {
        Dropped = dropped;
        DroppedForeignKeys = droppedForeignKeys;
    }

    /// <summary>The indexes dropped (by name), to be built again by <see cref="RestoreAsync"/>.</summary>
    public IReadOnlyList<string> Dropped { get; }

    /// <summary>The foreign keys dropped (by name; PostgreSQL only), to be added again by <see cref="RestoreAsync"/>.</summary>
    public IReadOnlyList<string> DroppedForeignKeys { get; }

    /// <summary>Drops the non-unique indexes of the model's empty tables and the deferred foreign keys (each drop commits on its own).</summary>
    public static async Task<DeferredIndexes> DropAsync(DbContext db, CancellationToken cancellationToken)
    {
        var existing = await ModelIndexes.ExistingAsync(db, cancellationToken);
        var candidates = ModelIndexes.Of(db).Where(index => !index.IsUnique && existing.Contains(index.Name)).ToList();
        var empty = new Dictionary<(string, string?), bool>();
        var helper = db.GetService<ISqlGenerationHelper>();
        async Task<bool> IsEmptyAsync(ITable table)
        {
            var key = (table.Name, table.Schema);
            if (!empty.TryGetValue(key, out var isEmpty))
            {
                // EXISTS stops at the first row: a question of one page however large the table.
                // The table's name is the model's, quoted by the provider: no caller's text reaches the SQL.
                var sql = "SELECT 1 AS \"Value\" FROM " + helper.DelimitIdentifier(table.Name, table.Schema);
                isEmpty = empty[key] = !await db.Database.SqlQueryRaw<int>(sql).AnyAsync(cancellationToken);
            }

            return isEmpty;
        }

        var deferred = new List<ITableIndex>();
        foreach (var index in candidates)
        {
            if (await IsEmptyAsync(index.Table))
            {
                deferred.Add(index);
            }
        }

        // ExistingAsync knows foreign keys on PostgreSQL only: elsewhere none is dropped.
        var existingKeys = await ModelForeignKeys.ExistingAsync(db, cancellationToken);
        var keys = new List<IForeignKeyConstraint>();
        foreach (var key in ModelForeignKeys.Of(db, StoredTypes).Where(key => existingKeys.Contains(key.Name)))
        {
            if (await IsEmptyAsync(key.Table))
            {
                keys.Add(key);
            }
        }

        await ModelIndexes.DropAsync(db, deferred, cancellationToken);
        await ModelForeignKeys.DropAsync(db, keys, cancellationToken);
        return new DeferredIndexes([.. deferred.Select(index => index.Name)], [.. keys.Select(key => key.Name)]);
    }

    /// <summary>
    /// Builds every missing index of the model again and adds every missing foreign key (those dropped here, and any
    /// other a crash left out); returns how many of each.
    /// </summary>
    public async Task<(int Indexes, int ForeignKeys)> RestoreAsync(DbContext db, CancellationToken cancellationToken)
    {
        var indexes = await ModelIndexes.RestoreMissingAsync(db, cancellationToken);
        var keys = await ModelForeignKeys.RestoreMissingAsync(db, cancellationToken);
        return (indexes.Count, keys.Count);
    }
}
