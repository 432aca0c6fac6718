using System.Collections.Concurrent;
using System.Data.Common;
using DataExchange.Data.Records;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace DataExchange.Data.Writing;

/// <summary>
/// SaveChanges for the linker's bulk rows: added and modified entities of the given types are written with one
/// prepared INSERT or UPDATE per type (SQL built once from the EF model), then marked saved; whatever else is tracked
/// goes through EF's SaveChanges as usual. EF's per-row command pipeline costs several times the statement itself
/// on SQLite, and the linker writes thousands of rows per slice. Same semantics where it matters: generated keys are
/// read back, concurrency tokens are checked (a lost update throws DbUpdateConcurrencyException), and it runs inside
/// the caller's transaction. On SQLite the statement is driven through the sqlite3 API (<see cref="SqliteStatement"/>).
/// Providers other than SQLite and PostgreSQL (SQL Server) use plain SaveChanges.
/// </summary>
public static class DirectSave
{
    private static readonly ConcurrentDictionary<(IEntityType, bool), TableCommand> Commands = new();

    /// <param name="types">Entity types to write directly, parents before children (foreign keys are checked per row).</param>
    public static async Task SaveChangesAsync(ExchangeDbContext db, IReadOnlyList<Type> types, CancellationToken cancellationToken)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        if (transaction is null || !NewRecordInserts.Supports(db))
        {
            await db.SaveChangesAsync(cancellationToken);
            return;
        }

        db.ChangeTracker.DetectChanges();
        var autoDetect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            var entries = db.ChangeTracker.Entries().Where(entry => entry.State is EntityState.Added or EntityState.Modified).ToLookup(entry => entry.Metadata.ClrType);
            foreach (var type in types)
            {
                var byState = entries[type].ToLookup(entry => entry.State);
                await WriteAsync(db, transaction, byState[EntityState.Added].ToList(), insert: true, cancellationToken);
                await WriteAsync(db, transaction, byState[EntityState.Modified].ToList(), insert: false, cancellationToken);
            }

            await db.SaveChangesAsync(cancellationToken);
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = autoDetect;
        }
    }

    private static async Task WriteAsync(DbContext db, DbTransaction transaction, List<EntityEntry> entries, bool insert, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
        {
            return;
        }

        var table = Commands.GetOrAdd((entries[0].Metadata, insert), key => TableCommand.For(key.Item1, key.Item2));
        if (db.Database.GetDbConnection() is SqliteConnection sqlite && table.SqliteBindable)
        {
            WriteSqlite(sqlite, table, entries);
            return;
        }

        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = transaction;
        command.CommandText = table.Sql;
        foreach (var _ in table.Parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@p" + command.Parameters.Count;
            command.Parameters.Add(parameter);
        }

        var values = new object?[table.Parameters.Count];
        var prepared = false;
        foreach (var entry in entries)
        {
            table.ReadValues(entry, values);
            for (var i = 0; i < values.Length; i++)
            {
                command.Parameters[i].Value = values[i] ?? DBNull.Value;
            }

            if (!prepared)
            {
                await command.PrepareAsync(cancellationToken);
                prepared = true;
            }

            if (table.Generated is not null)
            {
                Saved(table, entry, await command.ExecuteScalarAsync(cancellationToken));
            }
            else if (await command.ExecuteNonQueryAsync(cancellationToken) == 1)
            {
                Saved(table, entry, null);
            }
            else
            {
                throw Stale(entry);
            }
        }
    }

    // SQLite: the same statement through the sqlite3 API, bound by position (see SqliteStatement).
    private static void WriteSqlite(SqliteConnection connection, TableCommand table, List<EntityEntry> entries)
    {
        using var statement = SqliteStatement.Prepare(connection, table.Sql, table.Parameters.Count);
        var values = new object?[table.Parameters.Count];
        foreach (var entry in entries)
        {
            table.ReadValues(entry, values);
            for (var i = 0; i < values.Length; i++)
            {
                statement.Bind(i, values[i]);
            }

            if (table.Generated is not null)
            {
                Saved(table, entry, statement.ExecuteInt64());
            }
            else if (statement.Execute() == 1)
            {
                Saved(table, entry, null);
            }
            else
            {
                throw Stale(entry);
            }
        }
    }

    /// <summary>Marks a written row saved: its store-generated key (if the table has one) is set, its current values become the original ones.</summary>
    private static void Saved(TableCommand table, EntityEntry entry, object? generatedKey)
    {
        if (table.Generated is { } generated)
        {
            var property = entry.Property(generated.Name);
            property.CurrentValue = Convert.ChangeType(generatedKey, generated.ClrType, System.Globalization.CultureInfo.InvariantCulture);
            property.IsTemporary = false;
        }

        entry.State = EntityState.Unchanged;
    }

    private static DbUpdateConcurrencyException Stale(EntityEntry entry) => new(
        $"{entry.Metadata.GetTableName()} row {string.Join(",", entry.Metadata.FindPrimaryKey()!.Properties.Select(p => entry.CurrentValues[p]))} was changed or removed by another writer.");

    /// <summary>The SQL of one table's INSERT (returning a store-generated key) or UPDATE (by key and concurrency tokens).</summary>
    private sealed record TableCommand(string Sql, List<(IProperty Property, bool Original, ValueConverter? Converter)> Parameters, IProperty? Generated)
    {
        /// <summary>Whether every value is of a type SqliteStatement stores as Microsoft.Data.Sqlite would.</summary>
        public bool SqliteBindable { get; } = Parameters.All(parameter =>
            SqliteStatement.CanBind(parameter.Converter?.ProviderClrType ?? parameter.Property.ClrType));

        // Per parameter, the compiled getter of its (non-shadow) property: current values are read straight from the
        // entity, since EF's PropertyValues costs an allocation or two per value read.
        private readonly IClrPropertyGetter?[] getters =
            [.. Parameters.Select(parameter => parameter.Property.IsShadowProperty() ? null : parameter.Property.GetGetter())];

        private readonly bool readsOriginals = Parameters.Any(parameter => parameter.Original);

        /// <summary>One row's parameter values, converted to the provider's types, in parameter order.</summary>
        public void ReadValues(EntityEntry entry, object?[] values)
        {
            var originals = readsOriginals ? entry.OriginalValues : null;
            for (var i = 0; i < Parameters.Count; i++)
            {
                var (property, original, converter) = Parameters[i];
                var value = original ? originals![property]
                    : getters[i] is { } getter ? getter.GetClrValueUsingContainingEntity(entry.Entity) : entry.CurrentValues[property];
                values[i] = converter is null ? value : converter.ConvertToProvider(value);
            }
        }

        public static TableCommand For(IEntityType type, bool insert)
        {
            var table = Quote(type.GetTableName()!);
            var key = type.FindPrimaryKey()!.Properties;
            var generated = key.Count == 1 && key[0].ValueGenerated == ValueGenerated.OnAdd ? key[0] : null;
            var parameters = new List<(IProperty, bool, ValueConverter?)>();
            string Next(IProperty property, bool original)
            {
                // The type mapping is looked up once per table here, not once per value per row.
                parameters.Add((property, original, property.GetTypeMapping().Converter));
                return "@p" + (parameters.Count - 1);
            }

            if (insert)
            {
                var columns = type.GetProperties().Where(p => p != generated).ToList();
                var sql = $"INSERT INTO {table} ({string.Join(", ", columns.Select(c => Quote(c.GetColumnName())))}) VALUES ({string.Join(", ", columns.Select(c => Next(c, false)))})"
                    + (generated is null ? "" : $" RETURNING {Quote(generated.GetColumnName())}");
                return new TableCommand(sql, parameters, generated);
            }

            var set = string.Join(", ", type.GetProperties().Where(p => !p.IsPrimaryKey()).Select(p => $"{Quote(p.GetColumnName())} = {Next(p, false)}"));
            var where = string.Join(" AND ", key.Select(p => $"{Quote(p.GetColumnName())} = {Next(p, true)}")
                .Concat(type.GetProperties().Where(p => p.IsConcurrencyToken).Select(p => $"{Quote(p.GetColumnName())} = {Next(p, true)}")));
            return new TableCommand($"UPDATE {table} SET {set} WHERE {where}", parameters, null);
        }

        private static string Quote(string name) => "\"" + name + "\"";
    }
}
