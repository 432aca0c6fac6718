using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DataExchange.Data.Writing;

/// <summary>
/// Writes one <see cref="BulkColumn"/>'s value of an entity into a binary COPY, typed: the property (or the backing field
/// EF reads) is read by a compiled getter, passed through the column's value converter's own expression when it has
/// one, and written by <see cref="NpgsqlBinaryImporter.WriteAsync{T}(T, string, CancellationToken)"/> with the provider's
/// CLR type as T and the column's store type; null goes as NULL. Why: written as object, every value of every row was
/// boxed, and Npgsql checked each boxed value's type against the column's first one before writing it. Built once per
/// column from the EF model (nothing here names a table or a type), so every column is written the same way: what
/// Npgsql resolves for T is what it resolved for the boxed T before.
/// </summary>
internal static class PostgresColumnWriter
{
    /// <summary>Writes a column's value of an entity (the current row's next field).</summary>
    public delegate Task Value(NpgsqlBinaryImporter importer, object entity, CancellationToken cancellationToken);

    /// <summary>Writes a generated key reserved for the row (the column's provider type is an integer).</summary>
    public delegate Task Key(NpgsqlBinaryImporter importer, long key, CancellationToken cancellationToken);

    // Built once per column (columns live as long as their model's BulkTable).
    private static readonly ConditionalWeakTable<BulkColumn, Value> Values = [];
    private static readonly ConditionalWeakTable<BulkColumn, Key> Keys = [];

    public static Value For(BulkColumn column) => Values.GetValue(column, BuildValue);

    public static Key ForKey(BulkColumn column) => Keys.GetValue(column, BuildKey);

    private static Value BuildValue(BulkColumn column)
    {
        var read = ProviderValue(column, out var entity);
        var type = read.Type;
        var builder = Nullable.GetUnderlyingType(type) is { } underlying ? Builder(nameof(OfNullable), underlying)
            : type.IsValueType ? Builder(nameof(OfValue), type)
            : Builder(nameof(OfReference), type);
        var getter = Expression.Lambda(typeof(Func<,>).MakeGenericType(typeof(object), type), read, entity).Compile();
        return (Value)builder.Invoke(null, [getter, column.StoreType])!;
    }

    private static Key BuildKey(BulkColumn column)
    {
        // The key as the provider's type (long -> int for an INTEGER identity), as Convert.ChangeType did before.
        var key = Expression.Parameter(typeof(long), "key");
        var convert = Expression.Lambda(typeof(Func<,>).MakeGenericType(typeof(long), column.ProviderType),
            Expression.Convert(key, column.ProviderType), key).Compile();
        return (Key)Builder(nameof(OfKey), column.ProviderType).Invoke(null, [convert, column.StoreType])!;
    }

    // entity => converter(((TEntity)entity).Member), null kept as null: what BulkColumn.Read answers, unboxed.
    private static Expression ProviderValue(BulkColumn column, out ParameterExpression entity)
    {
        entity = Expression.Parameter(typeof(object), "entity");
        var property = column.Property;
        var member = property.GetMemberInfo(forMaterialization: false, forSet: false);
        Expression value = Expression.MakeMemberAccess(Expression.Convert(entity, property.DeclaringType.ClrType), member);
        if (column.Converter is not { } converter)
        {
            return value;
        }

        // EF converts non-null values only: null stays null, as the provider type's nullable form.
        var toProvider = converter.ConvertToProviderExpression;
        var canBeNull = !value.Type.IsValueType || Nullable.GetUnderlyingType(value.Type) is not null;
        if (!canBeNull)
        {
            return Expression.Invoke(toProvider, Expression.Convert(value, converter.ModelClrType));
        }

        var providerType = converter.ProviderClrType.IsValueType && Nullable.GetUnderlyingType(converter.ProviderClrType) is null
            ? typeof(Nullable<>).MakeGenericType(converter.ProviderClrType)
            : converter.ProviderClrType;
        var converted = Expression.Convert(Expression.Invoke(toProvider, Expression.Convert(value, converter.ModelClrType)), providerType);
        return Expression.Condition(Expression.Equal(value, Expression.Constant(null, value.Type)), Expression.Constant(null, providerType), converted);
    }

    private static MethodInfo Builder(string name, Type type) =>
        typeof(PostgresColumnWriter).GetMethod(name, BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(type);

    private static Value OfValue<T>(Func<object, T> read, string storeType)
        where T : struct =>
        (importer, entity, cancellationToken) => importer.WriteAsync(read(entity), storeType, cancellationToken);

    private static Value OfNullable<T>(Func<object, T?> read, string storeType)
        where T : struct =>
        (importer, entity, cancellationToken) => read(entity) is { } value
            ? importer.WriteAsync(value, storeType, cancellationToken)
            : importer.WriteNullAsync(cancellationToken);

    private static Value OfReference<T>(Func<object, T?> read, string storeType)
        where T : class =>
        (importer, entity, cancellationToken) => read(entity) is { } value
            ? importer.WriteAsync(value, storeType, cancellationToken)
            : importer.WriteNullAsync(cancellationToken);

    private static Key OfKey<T>(Func<long, T> convert, string storeType) =>
        (importer, key, cancellationToken) => importer.WriteAsync(convert(key), storeType, cancellationToken);
}
