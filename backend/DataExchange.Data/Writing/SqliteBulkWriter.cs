using Microsoft.Data.Sqlite;

namespace DataExchange.Data.Writing;

/// <summary>
/// SQLite: one INSERT or UPDATE built from the model, prepared once per call and stepped once per row through the
/// sqlite3 API (<see cref="SqliteStatement"/>), which stores values exactly as Microsoft.Data.Sqlite would; each
/// column's value is bound by its <see cref="SqliteColumnBinder"/>.
/// </summary>
internal sealed class SqliteBulkWriter(SqliteConnection connection) : BulkWriter
{
    public override bool CanWrite(BulkTable table) => table.Columns.All(column => SqliteStatement.CanBind(column.ProviderType));

    public override Task<long[]?> InsertAsync(BulkTable table, IReadOnlyList<object> entities, bool readKeys, CancellationToken cancellationToken)
    {
        if (entities.Count == 0)
        {
            return Task.FromResult<long[]?>(readKeys && table.Generated is not null ? [] : null);
        }

        var columns = table.InsertColumns(withGeneratedKey: false);
        var returning = readKeys && table.Generated is not null;
        var sql = $"INSERT INTO {table.QuotedName} ({string.Join(", ", columns.Select(c => BulkTable.Quote(c.Name)))}) "
            + $"VALUES ({string.Join(", ", columns.Select((_, i) => "@p" + i))})"
            + (returning ? $" RETURNING {BulkTable.Quote(table.Generated!.Name)}" : "");
        using var statement = SqliteStatement.Prepare(connection, sql, columns.Count);
        var binders = columns.Select(SqliteColumnBinder.For).ToArray();
        var keys = returning ? new long[entities.Count] : null;
        for (var row = 0; row < entities.Count; row++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (var i = 0; i < binders.Length; i++)
            {
                binders[i](statement, i, entities[row]);
            }

            if (keys is not null)
            {
                keys[row] = statement.ExecuteInt64();
            }
            else
            {
                statement.Execute();
            }
        }

        return Task.FromResult(keys);
    }

    public override Task<int> UpdateAsync(BulkTable table, IReadOnlyList<BulkUpdate> updates, CancellationToken cancellationToken)
    {
        if (updates.Count == 0)
        {
            return Task.FromResult(0);
        }

        var set = table.Settable.ToList();
        var match = table.Key.Concat(table.Tokens).ToList();
        var sql = $"UPDATE {table.QuotedName} SET {string.Join(", ", set.Select((c, i) => $"{BulkTable.Quote(c.Name)} = @p{i}"))} "
            + $"WHERE {string.Join(" AND ", match.Select((c, i) => $"{BulkTable.Quote(c.Name)} = @p{set.Count + i}"))}";
        using var statement = SqliteStatement.Prepare(connection, sql, set.Count + match.Count);
        var binders = set.Select(SqliteColumnBinder.For).ToArray();
        var changed = 0;
        foreach (var update in updates)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (var i = 0; i < binders.Length; i++)
            {
                binders[i](statement, i, update.Entity);
            }

            for (var i = 0; i < match.Count; i++)
            {
                statement.Bind(set.Count + i, update.Originals[i]);
            }

            changed += statement.Execute();
        }

        return Task.FromResult(changed);
    }
}
