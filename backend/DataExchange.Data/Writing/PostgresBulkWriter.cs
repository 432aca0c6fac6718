using System.Globalization;
using Npgsql;

namespace DataExchange.Data.Writing;

/// <summary>
/// PostgreSQL: inserts by binary COPY (<see cref="NpgsqlBinaryImporter"/>), each value written typed, as its column's
/// store type (<see cref="PostgresColumnWriter"/>); a generated key is reserved from the column's identity sequence first
/// (one query for the whole set) and written with the row, since COPY returns nothing. A handful of rows goes as one batch of INSERT statements instead,
/// which is a single round trip where COPY takes several. Updates are one UPDATE ... FROM unnest(arrays) per call,
/// each array parameter typed as its column.
/// </summary>
internal sealed class PostgresBulkWriter(NpgsqlConnection connection, NpgsqlTransaction? transaction) : BulkWriter
{
    /// <summary>From this many rows on, COPY; below, a batch of INSERT statements.</summary>
    public const int CopyThreshold = 16;

    public override async Task<long[]?> InsertAsync(BulkTable table, IReadOnlyList<object> entities, bool readKeys, CancellationToken cancellationToken)
    {
        var returning = readKeys && table.Generated is not null;
        if (entities.Count == 0)
        {
            return returning ? [] : null;
        }

        if (entities.Count < CopyThreshold)
        {
            return await InsertStatementsAsync(table, entities, returning, cancellationToken);
        }

        var keys = returning ? await ReserveKeysAsync(table, entities.Count, cancellationToken) : null;
        var columns = table.InsertColumns(withGeneratedKey: keys is not null);
        var copy = $"COPY {table.QuotedName} ({string.Join(", ", columns.Select(c => BulkTable.Quote(c.Name)))}) FROM STDIN (FORMAT BINARY)";
        // The generated key (when reserved) is written from the reserved keys, every other column from the entity.
        var keyColumn = keys is null ? -1 : columns.ToList().IndexOf(table.Generated!);
        var key = keys is null ? null : PostgresColumnWriter.ForKey(table.Generated!);
        var values = columns.Select(PostgresColumnWriter.For).ToArray();
        await using var importer = await connection.BeginBinaryImportAsync(copy, cancellationToken);
        for (var row = 0; row < entities.Count; row++)
        {
            await importer.StartRowAsync(cancellationToken);
            var entity = entities[row];
            for (var i = 0; i < values.Length; i++)
            {
                await (i == keyColumn ? key!(importer, keys![row], cancellationToken) : values[i](importer, entity, cancellationToken));
            }
        }

        await importer.CompleteAsync(cancellationToken);
        return keys;
    }

    public override async Task<int> UpdateAsync(BulkTable table, IReadOnlyList<BulkUpdate> updates, CancellationToken cancellationToken)
    {
        if (updates.Count == 0)
        {
            return 0;
        }

        // UPDATE t SET a = v.c0, ... FROM unnest(@p0, @p1, ...) AS v(c0, c1, ...) WHERE t.key = v.ck AND t.token = v.ct
        var set = table.Settable.ToList();
        var match = table.Key.Concat(table.Tokens).ToList();
        await using var command = new NpgsqlCommand { Connection = connection, Transaction = transaction };
        for (var i = 0; i < set.Count; i++)
        {
            command.Parameters.Add(ArrayParameter(set[i], updates.Select(update => set[i].Read(update.Entity))));
        }

        for (var i = 0; i < match.Count; i++)
        {
            command.Parameters.Add(ArrayParameter(match[i], updates.Select(update => update.Originals[i])));
        }

        var count = set.Count + match.Count;
        command.CommandText =
            $"UPDATE {table.QuotedName} AS t SET {string.Join(", ", set.Select((c, i) => $"{BulkTable.Quote(c.Name)} = v.c{i}"))} "
            + $"FROM unnest({string.Join(", ", Enumerable.Range(1, count).Select(i => "$" + i.ToString(CultureInfo.InvariantCulture)))}) "
            + $"AS v({string.Join(", ", Enumerable.Range(0, count).Select(i => "c" + i))}) "
            + $"WHERE {string.Join(" AND ", match.Select((c, i) => $"t.{BulkTable.Quote(c.Name)} = v.c{set.Count + i}"))}";
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public override bool CanWrite(BulkTable table) => true;

    private async Task<long[]?> InsertStatementsAsync(BulkTable table, IReadOnlyList<object> entities, bool returning, CancellationToken cancellationToken)
    {
        var columns = table.InsertColumns(withGeneratedKey: false);
        var sql = $"INSERT INTO {table.QuotedName} ({string.Join(", ", columns.Select(c => BulkTable.Quote(c.Name)))}) "
            + $"VALUES ({string.Join(", ", columns.Select((_, i) => "$" + (i + 1).ToString(CultureInfo.InvariantCulture)))})"
            + (returning ? $" RETURNING {BulkTable.Quote(table.Generated!.Name)}" : "");
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var entity in entities)
        {
            var command = new NpgsqlBatchCommand(sql);
            foreach (var column in columns)
            {
                command.Parameters.Add(new NpgsqlParameter { DataTypeName = column.StoreType, Value = column.Read(entity) ?? DBNull.Value });
            }

            batch.BatchCommands.Add(command);
        }

        if (!returning)
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
            return null;
        }

        var keys = new long[entities.Count];
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        for (var row = 0; row < keys.Length; row++)
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                throw new InvalidOperationException($"INSERT INTO {table.Name} returned no key.");
            }

            keys[row] = Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture);
            await reader.NextResultAsync(cancellationToken);
        }

        return keys;
    }

    // Keys taken from the identity column's own sequence are the ones an INSERT would have drawn: never reused, and
    // unique against concurrent writers (the identity is BY DEFAULT, so an explicit value is accepted).
    private async Task<long[]> ReserveKeysAsync(BulkTable table, int count, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT nextval(s.id) FROM (SELECT pg_get_serial_sequence($1, $2)::regclass AS id) AS s, generate_series(1, $3)", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = table.QuotedName });
        command.Parameters.Add(new NpgsqlParameter { Value = table.Generated!.Name });
        command.Parameters.Add(new NpgsqlParameter { Value = count });
        var keys = new long[count];
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        for (var row = 0; row < count && await reader.ReadAsync(cancellationToken); row++)
        {
            keys[row] = reader.GetInt64(0);
        }

        return keys;
    }

    // One column's values for unnest: an array of the provider's type (nullable elements where the column allows NULL).
    private static NpgsqlParameter ArrayParameter(BulkColumn column, IEnumerable<object?> values)
    {
        var list = values.ToList();
        var elementType = column.ProviderType.IsValueType && column.Property.IsNullable
            ? typeof(Nullable<>).MakeGenericType(column.ProviderType)
            : column.ProviderType;
        var array = Array.CreateInstance(elementType, list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            array.SetValue(list[i], i);
        }

        return new NpgsqlParameter { DataTypeName = column.StoreType + "[]", Value = array };
    }
}
