using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace DataExchange.Data.Writing;

/// <summary>
/// Secondary indexes left out while an initial load fills empty tables, and built once after it, from the sorted rows.
/// <para>
/// Why: the tables' secondary indexes are keyed in no particular order (ID number, name, birth date, ...), so every
/// committed chunk of a load dirties pages all over each of them, and SQLite's WAL appends every such page again at each
/// commit: the 1,000,000-children load wrote 66.6 GB for a 4.3 GB file, 53 GB of it while storing. An index built after
/// the load is written once, in order.
/// </para>
/// <para>
/// What is left out: the non-unique indexes of the model (<see cref="ModelIndexes"/>) on tables that hold no row when the
/// load begins. Unique indexes stay, so every uniqueness they enforce holds throughout (the same record sent twice is
/// stored once; a concurrent writer's duplicate is refused), and tables that already hold rows keep theirs.
/// </para>
/// <para>
/// Crash safety: nothing is recorded about the deferral. The indexes are the model's, so a database lacking one is
/// repaired by <see cref="ModelIndexes.RestoreMissingAsync"/>, which every start runs after the migrations
/// (<see cref="Providers.DatabaseSetup.MigrateAsync"/>): an import killed mid-way leaves a hub whose next host start or
/// rerun builds the missing indexes, over the rows committed by then. Readers meanwhile get the same answers, only
/// slower.
/// </para>
/// </summary>
public sealed class DeferredIndexes
{
    private DeferredIndexes(IReadOnlyList<string> dropped) => Dropped = dropped;

    /// <summary>The indexes dropped (by name), to be built again by <see cref="RestoreAsync"/>.</summary>
    public IReadOnlyList<string> Dropped { get; }

    /// <summary>Drops the non-unique indexes of the model's empty tables (each drop commits on its own).</summary>
    public static async Task<DeferredIndexes> DropAsync(DbContext db, CancellationToken cancellationToken)
    {
        var existing = await ModelIndexes.ExistingAsync(db, cancellationToken);
        var candidates = ModelIndexes.Of(db).Where(index => !index.IsUnique && existing.Contains(index.Name)).ToList();
        var empty = new Dictionary<(string, string?), bool>();
        var helper = db.GetService<ISqlGenerationHelper>();
        var deferred = new List<Microsoft.EntityFrameworkCore.Metadata.ITableIndex>();
        foreach (var index in candidates)
        {
            var table = (index.Table.Name, index.Table.Schema);
            if (!empty.TryGetValue(table, out var isEmpty))
            {
                // EXISTS stops at the first row: a question of one page however large the table.
                // The table's name is the model's, quoted by the provider: no caller's text reaches the SQL.
                var sql = "SELECT 1 AS \"Value\" FROM " + helper.DelimitIdentifier(index.Table.Name, index.Table.Schema);
                isEmpty = empty[table] = !await db.Database.SqlQueryRaw<int>(sql).AnyAsync(cancellationToken);
            }

            if (isEmpty)
            {
                deferred.Add(index);
            }
        }

        await ModelIndexes.DropAsync(db, deferred, cancellationToken);
        return new DeferredIndexes([.. deferred.Select(index => index.Name)]);
    }

    /// <summary>Builds every missing index of the model again (those dropped here, and any other a crash left out).</summary>
    public Task<IReadOnlyList<string>> RestoreAsync(DbContext db, CancellationToken cancellationToken) =>
        ModelIndexes.RestoreMissingAsync(db, cancellationToken);
}
