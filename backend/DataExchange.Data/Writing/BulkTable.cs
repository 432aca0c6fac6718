using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace DataExchange.Data.Writing;

/// <summary>
/// One table as the EF model describes it (IEntityType: GetTableName, GetColumnName, type mappings and value
/// converters), the single column list every bulk writer builds its SQL or COPY from. Nothing about a table is
/// written twice: a column added to an entity and its migration is written by the bulk paths with no further change.
/// </summary>
public sealed class BulkTable
{
    // Per entity type of a model; each provider has its own model (and type mappings), so its own entries.
    private static readonly ConcurrentDictionary<IEntityType, BulkTable?> Tables = new();

    private BulkTable(IEntityType type)
    {
        EntityType = type;
        Name = type.GetTableName()!;
        Schema = type.GetSchema();
        Columns = [.. type.GetProperties().Select(property => new BulkColumn(property))];
        var key = type.FindPrimaryKey()!.Properties;
        Key = [.. key.Select(Column)];
        Generated = key.Count == 1 && key[0].ValueGenerated == ValueGenerated.OnAdd ? Column(key[0]) : null;
        Tokens = [.. Columns.Where(column => column.Property.IsConcurrencyToken && !column.Property.IsPrimaryKey())];
    }

    public IEntityType EntityType { get; }

    public string Name { get; }

    public string? Schema { get; }

    /// <summary>Every column, the key included, in the model's order.</summary>
    public IReadOnlyList<BulkColumn> Columns { get; }

    public IReadOnlyList<BulkColumn> Key { get; }

    /// <summary>The key column the database assigns on insert (an identity or autoincrement column), if any.</summary>
    public BulkColumn? Generated { get; }

    /// <summary>Concurrency tokens besides the key: an UPDATE matches their original values or changes nothing.</summary>
    public IReadOnlyList<BulkColumn> Tokens { get; }

    /// <summary>The columns an UPDATE sets: all but the key.</summary>
    public IEnumerable<BulkColumn> Settable => Columns.Where(column => !column.Property.IsPrimaryKey());

    /// <summary>The columns an INSERT names: all, less a generated key the database fills itself.</summary>
    public IReadOnlyList<BulkColumn> InsertColumns(bool withGeneratedKey) =>
        withGeneratedKey || Generated is null ? Columns : [.. Columns.Where(column => column != Generated)];

    /// <summary>The table's quoted name, as SQLite and PostgreSQL both spell identifiers.</summary>
    public string QuotedName => Schema is null ? Quote(Name) : Quote(Schema) + "." + Quote(Name);

    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>
    /// The table of an entity type, or null when the type is not a plain one-table entity with only CLR properties
    /// (inheritance, table splitting, owned or complex types, shadow properties): those stay with SaveChanges.
    /// </summary>
    public static BulkTable? For(IEntityType type) => Tables.GetOrAdd(type, static type => Writable(type) ? new BulkTable(type) : null);

    private BulkColumn Column(IProperty property) => Columns.Single(column => column.Property == property);

    private static bool Writable(IEntityType type) =>
        type.GetTableName() is not null
        && type.BaseType is null
        && !type.GetDirectlyDerivedTypes().Any()
        && !type.IsOwned()
        && !type.GetComplexProperties().Any()
        && !type.GetNavigations().Any(navigation => navigation.TargetEntityType.IsOwned())
        && type.FindPrimaryKey() is not null
        && type.GetProperties().All(property => !property.IsShadowProperty() && property.GetTableColumnMappings().Count() == 1)
        && type.GetDeclaredTriggers().Count() == 0;
}
