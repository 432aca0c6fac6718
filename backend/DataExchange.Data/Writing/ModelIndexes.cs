using static DataExchange.Data.Writing.ModelOperations;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace DataExchange.Data.Writing;

/// <summary>
/// The secondary indexes of the EF model (every <see cref="ITableIndex"/> of its relational model: what the migrations
/// create, as MigrationsTests keeps the model and the migrations equal), set against the indexes the database holds:
/// dropped for a bulk load (<see cref="DeferredIndexes"/>) and created again, with the very SQL a migration would run
/// (the provider's migrations SQL generator on operations from EF's model differ), whenever one is missing. Nothing here
/// names a table or an index: an index added to a configuration and its migration is deferred and restored with it.
/// </summary>
public static class ModelIndexes
{
    /// <summary>Every index of the model, with the table it belongs to.</summary>
    public static IReadOnlyList<ITableIndex> Of(DbContext db) =>
        [.. DesignModel(db).GetRelationalModel().Tables.SelectMany(table => table.Indexes)];

    /// <summary>The names of the indexes the database holds now (any table, any schema the connection sees).</summary>
    public static async Task<HashSet<string>> ExistingAsync(DbContext db, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        var sql = connection switch
        {
            SqliteConnection => "SELECT name FROM sqlite_master WHERE type = 'index'",
            NpgsqlConnection => "SELECT indexname FROM pg_indexes WHERE schemaname = ANY (current_schemas(false))",
            _ => "SELECT name FROM sys.indexes WHERE name IS NOT NULL", // SQL Server
        };
        var names = new HashSet<string>(StringComparer.Ordinal);
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                names.Add(reader.GetString(0));
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return names;
    }

    /// <summary>
    /// Creates every index of the model that the database lacks (an initial load that was killed before it put its
    /// deferred indexes back); returns their names. Run at every start, after the migrations: one catalog query when
    /// nothing is missing.
    /// </summary>
    public static async Task<IReadOnlyList<string>> RestoreMissingAsync(DbContext db, CancellationToken cancellationToken)
    {
        var existing = await ExistingAsync(db, cancellationToken);
        var missing = Of(db).Where(index => !existing.Contains(index.Name)).Select(index => index.Name).ToHashSet(StringComparer.Ordinal);
        if (missing.Count == 0)
        {
            return [];
        }

        // The operations a migration from an empty database would run, of which only the missing indexes' are kept.
        var model = DesignModel(db);
        var operations = db.GetService<IMigrationsModelDiffer>().GetDifferences(null, model.GetRelationalModel())
            .OfType<CreateIndexOperation>().Where(operation => missing.Contains(operation.Name)).ToList();
        await IndexBuilds.RunAsync(db, Sql(db, operations, model), cancellationToken);

        return [.. operations.Select(operation => operation.Name)];
    }

    /// <summary>Drops the given indexes of the model (the SQL a migration's DropIndex would run).</summary>
    public static Task DropAsync(DbContext db, IEnumerable<ITableIndex> indexes, CancellationToken cancellationToken) =>
        ExecuteAsync(db, [.. indexes.Select(index => new DropIndexOperation { Name = index.Name, Table = index.Table.Name, Schema = index.Table.Schema })],
            DesignModel(db), cancellationToken);
}
