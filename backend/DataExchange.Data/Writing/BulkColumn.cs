using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace DataExchange.Data.Writing;

/// <summary>
/// One column of a <see cref="BulkTable"/>, read from the EF model: its name, its store type and the value converter
/// EF itself would apply, so a bulk writer stores exactly what SaveChanges would.
/// </summary>
public sealed class BulkColumn
{
    private readonly IClrPropertyGetter getter;

    internal BulkColumn(IProperty property)
    {
        Property = property;
        Name = property.GetColumnName();
        // The type mapping is looked up once per table here, not once per value per row.
        var mapping = property.GetRelationalTypeMapping();
        Converter = mapping.Converter;
        var providerType = Converter?.ProviderClrType ?? property.ClrType;
        ProviderType = Nullable.GetUnderlyingType(providerType) ?? providerType;
        StoreType = mapping.StoreTypeNameBase;
        getter = property.GetGetter();
    }

    public IProperty Property { get; }

    /// <summary>The column's name in the table (GetColumnName).</summary>
    public string Name { get; }

    /// <summary>The store type without facets ("character varying", "timestamp with time zone", "INTEGER").</summary>
    public string StoreType { get; }

    /// <summary>The CLR type of the values the provider receives, after conversion, never Nullable&lt;T&gt;.</summary>
    public Type ProviderType { get; }

    public ValueConverter? Converter { get; }

    /// <summary>The column's value for an entity: its property's current value, converted to the provider's type.</summary>
    public object? Read(object entity) => ToProvider(getter.GetClrValueUsingContainingEntity(entity));

    /// <summary>A model value (current or original) converted to the provider's type.</summary>
    public object? ToProvider(object? value) => Converter is null || value is null ? value : Converter.ConvertToProvider(value);
}
