using static DataExchange.Data.Writing.ModelOperations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using DataExchange.Data.Writing;
using Npgsql;

namespace DataExchange.Data.Providers;

/// <summary>
/// PostgreSQL: the foreign keys of tables a bulk unit of work fills, dropped inside the unit's transaction before it
/// writes and added back before it commits, so that each is checked once over all rows instead of once per row.
/// <para>
/// Why: PostgreSQL checks a foreign key on every inserted row, COPY included, with a trigger that looks the parent row up
/// and locks it (<c>SELECT 1 ... FOR KEY SHARE</c>), which marks the parent's tuple and dirties its page. Inserting
/// gen100k's 293,717 record links into a table without secondary indexes took 1.1 s without foreign keys, 4.1 s with the
/// one to source_records and 5.6 s with the one to children; adding a key back validates every row with one join
/// (0.6 and 1.3 s). Measured with INSERT ... SELECT on the private server of infra/scripts/postgres.sh at load 12-14.
/// </para>
/// <para>
/// Safe: PostgreSQL's DDL is transactional. The keys are dropped and added in the caller's transaction, so a unit that
/// fails, is cancelled or is killed rolls the drop back with its rows: no committed state ever lacks a key. Dropping a
/// foreign key takes an ACCESS EXCLUSIVE lock on its table and on the table it references until the commit, so no other
/// session reads or writes either meanwhile (they wait), and adding it back refuses the commit if any row lacks its
/// parent. That wait is why only a caller that may stall other sessions for the length of its unit uses this (dx import
/// linking an initial load). The SQL is the one a migration would run (the provider's migrations SQL generator on the
/// model's constraints): nothing here names a table or a key. Other providers: nothing is dropped (SQLite cannot drop a
/// foreign key, and checks one with a plain index lookup).
/// </para>
/// </summary>
public sealed class DeferredForeignKeys
{
    private readonly IReadOnlyList<IForeignKeyConstraint> dropped;

    private DeferredForeignKeys(IReadOnlyList<IForeignKeyConstraint> dropped) => this.dropped = dropped;

    /// <summary>The names of the foreign keys dropped, to be added back by <see cref="RestoreAsync"/>.</summary>
    public IReadOnlyList<string> Names => [.. dropped.Select(key => key.Name)];

    /// <summary>
    /// Drops the model's foreign keys of the tables of <paramref name="entityTypes"/> that the database holds, inside the
    /// current transaction (required); on another provider than PostgreSQL drops nothing.
    /// </summary>
    public static async Task<DeferredForeignKeys> DropAsync(DbContext db, IEnumerable<Type> entityTypes, CancellationToken cancellationToken)
    {
        if (db.Database.GetDbConnection() is not NpgsqlConnection)
        {
            return new DeferredForeignKeys([]);
        }

        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Foreign keys are deferred only inside a transaction (its rollback restores them).");
        }

        var existing = await ModelForeignKeys.ExistingAsync(db, cancellationToken);
        var keys = ModelForeignKeys.Of(db, entityTypes).Where(key => existing.Contains(key.Name)).ToList();
        await ModelForeignKeys.DropAsync(db, keys, cancellationToken);
        return new DeferredForeignKeys(keys);
    }

    /// <summary>Adds the dropped keys back (each validated over every row), in the same transaction; returns how many.</summary>
    public async Task<int> RestoreAsync(DbContext db, CancellationToken cancellationToken)
    {
        await ExecuteAsync(db, [.. dropped.Select(AddForeignKeyOperation.CreateFrom)], DesignModel(db), cancellationToken);
        return dropped.Count;
    }
}
