using static DataExchange.Data.Writing.ModelOperations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Npgsql;

namespace DataExchange.Data.Writing;

/// <summary>
/// PostgreSQL: the foreign keys of the EF model (every <see cref="IForeignKeyConstraint"/> of its relational model, as
/// the migrations create them) set against those the database holds: dropped for the storing of an initial load
/// (<see cref="DeferredIndexes"/>) and added again, with the SQL a migration's AddForeignKey would run, whenever one is
/// missing. Other providers hold every key their migrations made: none is ever dropped there (SQLite cannot drop one), so
/// nothing is missing and nothing is done. Nothing here names a table or a key.
/// </summary>
public static class ModelForeignKeys
{
    /// <summary>The model's foreign keys held by the tables of the given entity types, by name.</summary>
    public static IReadOnlyList<IForeignKeyConstraint> Of(DbContext db, IEnumerable<Type> entityTypes)
    {
        var model = DesignModel(db);
        var tables = entityTypes.Select(type => model.FindEntityType(type) ?? throw new InvalidOperationException($"{type.Name} is not in the model."))
            .Select(type => (type.GetTableName(), type.GetSchema())).ToHashSet();
        return
        [
            .. model.GetRelationalModel().Tables
                .Where(table => tables.Contains((table.Name, table.Schema)))
                .SelectMany(table => table.ForeignKeyConstraints)
                .OrderBy(key => key.Name, StringComparer.Ordinal),
        ];
    }

    /// <summary>The names of the foreign keys the database holds (PostgreSQL; empty elsewhere).</summary>
    public static async Task<HashSet<string>> ExistingAsync(DbContext db, CancellationToken cancellationToken) =>
        db.Database.GetDbConnection() is NpgsqlConnection
            ? (await db.Database.SqlQueryRaw<string>(
                    "SELECT conname AS \"Value\" FROM pg_constraint WHERE contype = 'f' AND connamespace = ANY (SELECT oid FROM pg_namespace WHERE nspname = ANY (current_schemas(false)))")
                .ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal)
            : [];

    /// <summary>
    /// Adds every foreign key of the model that the database lacks (a load killed before it added its deferred keys
    /// back), each validated over every row by one join; returns their names. PostgreSQL only; run at every start after
    /// the migrations and the missing indexes: one catalog query when nothing is missing.
    /// </summary>
    public static async Task<IReadOnlyList<string>> RestoreMissingAsync(DbContext db, CancellationToken cancellationToken)
    {
        if (db.Database.GetDbConnection() is not NpgsqlConnection)
        {
            return [];
        }

        var existing = await ExistingAsync(db, cancellationToken);
        var missing = DesignModel(db).GetRelationalModel().Tables.SelectMany(table => table.ForeignKeyConstraints)
            .Where(key => !existing.Contains(key.Name)).OrderBy(key => key.Name, StringComparer.Ordinal).ToList();
        await ExecuteAsync(db, [.. missing.Select(AddForeignKeyOperation.CreateFrom)], DesignModel(db), cancellationToken);
        return [.. missing.Select(key => key.Name)];
    }

    /// <summary>Drops the given foreign keys (the SQL a migration's DropForeignKey would run), in the context's transaction if it has one.</summary>
    public static Task DropAsync(DbContext db, IEnumerable<IForeignKeyConstraint> keys, CancellationToken cancellationToken) =>
        ExecuteAsync(db, [.. keys.Select(key => new DropForeignKeyOperation { Name = key.Name, Table = key.Table.Name, Schema = key.Table.Schema })],
            DesignModel(db), cancellationToken);
}
