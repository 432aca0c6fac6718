using System.Collections.Concurrent;
using System.Data.Common;
using System.Text;
using DataExchange.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace DataExchange.Data.Audit;

/// <summary>
/// PostgreSQL: a group of audit entries in ONE statement of fixed shape, <c>INSERT ... SELECT * FROM unnest($1, ...)</c>
/// with one array parameter per column (column list and types taken from the EF model). One round trip for the group,
/// where a prepared INSERT per row cost a round trip each (measured: 27 entries a group, 91 ms a group on a busy
/// 2-core machine, which capped every audited call at about 300 a second). The same text for every group size, so
/// Npgsql prepares it once: a multi-row VALUES list was a new statement for each group size, parsed and planned with
/// 15 parameters a row, and its variants pushed GetChild's statements out of the auto-prepare slots.
/// <para>
/// <see cref="AddIfHeadIs"/> is the same INSERT guarded by the head it chains onto (see PostgresChainAppend): it
/// inserts the whole group when the chain's last entry still has the hash the group's first entry names as previous,
/// and nothing otherwise.
/// </para>
/// </summary>
internal static class AuditRowsInsert
{
    private sealed record Shape(string Sql, string SqlIfHead, IReadOnlyList<IProperty> Properties);

    private static readonly ConcurrentDictionary<IModel, Shape> Shapes = new();

    public static async Task InsertAsync(ExchangeDbContext db, IReadOnlyList<AuditEntryEntity> entries, CancellationToken cancellationToken)
    {
        var shape = Shapes.GetOrAdd(db.Model, _ => ShapeOf(db));
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = shape.Sql;
        AddColumns(command.Parameters, command.CreateParameter, shape, entries);

        var inserted = await command.ExecuteNonQueryAsync(cancellationToken);
        if (inserted != entries.Count)
        {
            throw new InvalidOperationException($"The audit group of {entries.Count} entries inserted {inserted} rows.");
        }
    }

    /// <summary>
    /// Adds to <paramref name="batch"/> the INSERT of <paramref name="entries"/> that inserts them only if the chain's
    /// head (its entry of highest sequence) is still the one they chain onto; its RecordsAffected says which it did.
    /// </summary>
    public static DbBatchCommand AddIfHeadIs(DbBatch batch, ExchangeDbContext db, IReadOnlyList<AuditEntryEntity> entries)
    {
        var shape = Shapes.GetOrAdd(db.Model, _ => ShapeOf(db));
        var command = batch.CreateBatchCommand();
        command.CommandText = shape.SqlIfHead;
        AddColumns(command.Parameters, command.CreateParameter, shape, entries);
        var head = command.CreateParameter();
        head.Value = entries[0].PreviousHash;
        command.Parameters.Add(head);
        batch.BatchCommands.Add(command);
        return command;
    }

    private static void AddColumns(DbParameterCollection parameters, Func<DbParameter> create, Shape shape, IReadOnlyList<AuditEntryEntity> entries)
    {
        foreach (var property in shape.Properties)
        {
            var column = Array.CreateInstance(property.ClrType, entries.Count);
            var getter = property.GetGetter();
            for (var row = 0; row < entries.Count; row++)
            {
                column.SetValue(getter.GetClrValue(entries[row]), row);
            }

            var parameter = create();
            parameter.Value = column;
            parameters.Add(parameter);
        }
    }

    private static Shape ShapeOf(ExchangeDbContext db)
    {
        var entity = db.Model.FindEntityType(typeof(AuditEntryEntity))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var properties = entity.GetProperties().ToList();
        var helper = db.GetService<ISqlGenerationHelper>();
        var tableName = helper.DelimitIdentifier(table.Name, table.Schema);
        var sql = new StringBuilder("INSERT INTO ").Append(tableName).Append(" (")
            .AppendJoin(", ", properties.Select(property => helper.DelimitIdentifier(property.GetColumnName(table)!)))
            .Append(") SELECT * FROM unnest(")
            .AppendJoin(", ", properties.Select((property, i) => $"${i + 1}::{property.GetColumnType(table)}[]"))
            .Append(')')
            .ToString();

        var hash = entity.FindProperty(nameof(AuditEntryEntity.Hash))!;
        var sequence = entity.FindProperty(nameof(AuditEntryEntity.Sequence))!;
        // One scalar subquery, evaluated once for the statement (an InitPlan): the head's hash by the primary key's index.
        var ifHead = sql + $" WHERE (SELECT {helper.DelimitIdentifier(hash.GetColumnName(table)!)} FROM {tableName}" +
                     $" ORDER BY {helper.DelimitIdentifier(sequence.GetColumnName(table)!)} DESC LIMIT 1)" +
                     $" = ${properties.Count + 1}::{hash.GetColumnType(table)}";
        return new Shape(sql, ifHead, properties);
    }
}
