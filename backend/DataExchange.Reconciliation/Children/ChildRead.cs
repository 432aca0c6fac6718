using System.Collections.Concurrent;
using System.Data.Common;
using DataExchange.Data;
using DataExchange.Data.Entities;
using DataExchange.Data.Entities.Reconciliation;
using DataExchange.Data.Querying;
using DataExchange.Data.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace DataExchange.Reconciliation.Children;

/// <summary>
/// GetChild's read as ONE command of six statements (the child, the survivor's holders, its records, open conflicts,
/// live alerts, history), each finding the child by its public id in a subquery: one round trip on PostgreSQL where
/// six EF queries cost one each, and on every provider none of EF's per-query pipeline (a profile of 64 GetChild
/// callers put the five compiled queries at about a third of the host's CPU). Tables and columns are taken from the EF
/// model, as the bulk writers do, so a renamed column cannot drift; the statements are plain SQL every provider runs
/// (no LIMIT, booleans compared with a parameter). The rows, order and filters are those of the EF queries it
/// replaced: records linked and not retracted by agency and source id, conflicts and alerts not closed by id, events
/// by sequence.
/// </summary>
internal static class ChildRead
{
    /// <summary>The six result sets of one child, read inside the caller's open connection.</summary>
    public sealed record Rows(
        ChildRow? Child, List<string> SurvivorHolders, List<SourceRecordEntity> Records, List<ConflictEntity> Conflicts, List<AlertEntity> Alerts, List<HistoryEntry> History);

    public sealed record ChildRow(long Id, string PublicId, int Version, bool Active, long? MergedIntoId, string? MergedIntoPublicId, string GoldenJson, string OverridesJson);

    /// <summary>The statements per provider, keyed by its connection's type: EF's ProviderName reads the provider
    /// assembly's name on every call (1.6% of the host's CPU in a profile of 64 GetChild callers).</summary>
    private static readonly ConcurrentDictionary<Type, string> SqlByProvider = new();

    public static async Task<Rows> ReadAsync(ExchangeDbContext db, string publicId, CancellationToken cancellationToken)
    {
        await using var command = Command(db);
        return await ReadAsync(command, publicId, cancellationToken);
    }

    /// <summary>The six statements as one command on the context's connection, its child id still to be set.</summary>
    public static DbCommand Command(ExchangeDbContext db) => Command(db, db.Database.GetDbConnection());

    /// <summary>The six statements, named from <paramref name="db"/>'s model, as one command on <paramref name="connection"/>
    /// (a connection of the same provider, to the same database).</summary>
    public static DbCommand Command(ExchangeDbContext db, DbConnection connection)
    {
        var command = connection.CreateCommand();
        command.CommandText = SqlByProvider.GetOrAdd(connection.GetType(), _ => Sql(db));
        Add(command, "@publicId", "");
        Add(command, "@no", false);
        return command;
    }

    /// <summary>Runs a command made by <see cref="Command"/> (a fresh one, or one kept prepared) for one child.</summary>
    public static async Task<Rows> ReadAsync(DbCommand command, string publicId, CancellationToken cancellationToken)
    {
        command.Parameters[0].Value = publicId; // @publicId, the first parameter Command adds
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        ChildRow? child = null;
        if (await reader.ReadAsync(cancellationToken))
        {
            child = new ChildRow(reader.GetInt64(0), reader.GetString(1), reader.GetInt32(2), reader.GetBoolean(3),
                reader.IsDBNull(4) ? null : reader.GetInt64(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetString(6), reader.GetString(7));
        }

        var holders = new List<string>();
        await NextAsync(reader, cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            holders.Add(reader.GetString(0));
        }

        // Only the columns StoredRecord.Linked reads (the content hash and flags stay unread, as GetChild never shows them).
        var records = new List<SourceRecordEntity>();
        await NextAsync(reader, cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(new SourceRecordEntity
            {
                Agency = reader.GetString(0), SourceId = reader.GetString(1), Version = reader.GetInt32(2), UpdatedAt = reader.GetDateTime(3),
                IdNumber = reader.GetString(4), Name = reader.GetString(5), Sex = reader.GetString(6), BirthDate = reader.GetString(7),
                RegionCode = reader.GetString(8), NormalizedJson = reader.GetString(9), RawJson = reader.GetString(10), Id = reader.GetInt64(11), ContentHash = [],
            });
        }

        var conflicts = new List<ConflictEntity>();
        await NextAsync(reader, cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            conflicts.Add(new ConflictEntity
            {
                Id = reader.GetInt64(0), Kind = reader.GetString(1), Field = reader.GetString(2), Status = reader.GetString(3),
                Version = reader.GetInt32(4), ValuesJson = reader.GetString(5), ResolutionJson = reader.GetString(6), Key = reader.GetString(7),
            });
        }

        var alerts = new List<AlertEntity>();
        await NextAsync(reader, cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            alerts.Add(new AlertEntity
            {
                Id = reader.GetInt64(0), Rule = reader.GetString(1), Agency = reader.GetString(2), Status = reader.GetString(3),
                Version = reader.GetInt32(4), Message = reader.GetString(5), CreatedAt = reader.GetDateTime(6), Facts = reader.GetString(7), Key = "",
            });
        }

        var history = new List<HistoryEntry>();
        await NextAsync(reader, cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            history.Add(new HistoryEntry(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetDateTime(3), reader.GetString(4)));
        }

        return new Rows(child, holders, records, conflicts, alerts, history);
    }

    private static async Task NextAsync(DbDataReader reader, CancellationToken cancellationToken)
    {
        if (!await reader.NextResultAsync(cancellationToken))
        {
            throw new InvalidOperationException("GetChild's read returned fewer result sets than it has statements.");
        }
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    /// <summary>The six statements, named from the EF model for this provider.</summary>
    private static string Sql(ExchangeDbContext db)
    {
        var helper = db.GetService<ISqlGenerationHelper>();
        var children = new ModelTable<ChildEntity>(db, helper);
        var holdings = new ModelTable<ChildHoldingEntity>(db, helper);
        var links = new ModelTable<RecordLinkEntity>(db, helper);
        var records = new ModelTable<SourceRecordEntity>(db, helper);
        var conflicts = new ModelTable<ConflictEntity>(db, helper);
        var alerts = new ModelTable<AlertEntity>(db, helper);
        var events = new ModelTable<ChangeEventEntity>(db, helper);
        var childId = $"(SELECT {children.Column(nameof(ChildEntity.Id))} FROM {children.Name} WHERE {children.Column(nameof(ChildEntity.PublicId))} = @publicId)";
        var survivorId = $"(SELECT {children.Column(nameof(ChildEntity.MergedIntoId))} FROM {children.Name} WHERE {children.Column(nameof(ChildEntity.PublicId))} = @publicId)";
        string Columns<T>(ModelTable<T> table, string alias, params string[] properties) => string.Join(", ", properties.Select(p => alias + "." + table.Column(p)));

        return string.Join(";\n",
            $"SELECT {Columns(children, "c", nameof(ChildEntity.Id), nameof(ChildEntity.PublicId), nameof(ChildEntity.Version), nameof(ChildEntity.Active), nameof(ChildEntity.MergedIntoId))}, " +
            $"(SELECT s.{children.Column(nameof(ChildEntity.PublicId))} FROM {children.Name} s WHERE s.{children.Column(nameof(ChildEntity.Id))} = c.{children.Column(nameof(ChildEntity.MergedIntoId))}), " +
            $"{Columns(children, "c", nameof(ChildEntity.GoldenJson), nameof(ChildEntity.OverridesJson))} " +
            $"FROM {children.Name} c WHERE c.{children.Column(nameof(ChildEntity.PublicId))} = @publicId",
            $"SELECT h.{holdings.Column(nameof(ChildHoldingEntity.Agency))} FROM {holdings.Name} h WHERE h.{holdings.Column(nameof(ChildHoldingEntity.ChildId))} = {survivorId}",
            $"SELECT {Columns(records, "r", nameof(SourceRecordEntity.Agency), nameof(SourceRecordEntity.SourceId), nameof(SourceRecordEntity.Version), nameof(SourceRecordEntity.UpdatedAt),
                nameof(SourceRecordEntity.IdNumber), nameof(SourceRecordEntity.Name), nameof(SourceRecordEntity.Sex), nameof(SourceRecordEntity.BirthDate),
                nameof(SourceRecordEntity.RegionCode), nameof(SourceRecordEntity.NormalizedJson), nameof(SourceRecordEntity.RawJson), nameof(SourceRecordEntity.Id))} " +
            $"FROM {links.Name} l INNER JOIN {records.Name} r ON l.{links.Column(nameof(RecordLinkEntity.SourceRecordId))} = r.{records.Column(nameof(SourceRecordEntity.Id))} " +
            $"WHERE l.{links.Column(nameof(RecordLinkEntity.ChildId))} = {childId} AND r.{records.Column(nameof(SourceRecordEntity.Retracted))} = @no " +
            $"ORDER BY r.{records.Column(nameof(SourceRecordEntity.Agency))}, r.{records.Column(nameof(SourceRecordEntity.SourceId))}",
            $"SELECT {Columns(conflicts, "x", nameof(ConflictEntity.Id), nameof(ConflictEntity.Kind), nameof(ConflictEntity.Field), nameof(ConflictEntity.Status),
                nameof(ConflictEntity.Version), nameof(ConflictEntity.ValuesJson), nameof(ConflictEntity.ResolutionJson), nameof(ConflictEntity.Key))} " +
            $"FROM {conflicts.Name} x WHERE x.{conflicts.Column(nameof(ConflictEntity.ChildId))} = {childId} AND x.{conflicts.Column(nameof(ConflictEntity.Status))} <> 'closed' " +
            $"ORDER BY x.{conflicts.Column(nameof(ConflictEntity.Id))}",
            $"SELECT {Columns(alerts, "a", nameof(AlertEntity.Id), nameof(AlertEntity.Rule), nameof(AlertEntity.Agency), nameof(AlertEntity.Status),
                nameof(AlertEntity.Version), nameof(AlertEntity.Message), nameof(AlertEntity.CreatedAt), nameof(AlertEntity.Facts))} " +
            $"FROM {alerts.Name} a WHERE a.{alerts.Column(nameof(AlertEntity.ChildId))} = {childId} AND a.{alerts.Column(nameof(AlertEntity.Status))} <> 'closed' " +
            $"ORDER BY a.{alerts.Column(nameof(AlertEntity.Id))}",
            $"SELECT {Columns(events, "e", nameof(ChangeEventEntity.Sequence), nameof(ChangeEventEntity.Kind), nameof(ChangeEventEntity.Detail), nameof(ChangeEventEntity.CreatedAt), nameof(ChangeEventEntity.Agencies))} " +
            $"FROM {events.Name} e WHERE e.{events.Column(nameof(ChangeEventEntity.ChildId))} = {childId} ORDER BY e.{events.Column(nameof(ChangeEventEntity.Sequence))}");
    }
}
