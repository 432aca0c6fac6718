using System.Linq.Expressions;
using System.Runtime.CompilerServices;

namespace DataExchange.Data.Writing;

/// <summary>
/// Binds one <see cref="BulkColumn"/>'s value of an entity to a <see cref="SqliteStatement"/> parameter. A column
/// without a value converter whose property is of a type the statement binds natively (string, long, int, bool,
/// double, byte[], DateTime, or one of those nullable) is read by a compiled, typed getter and bound without boxing:
/// through <see cref="BulkColumn.Read"/> every integer, flag and time of every row was boxed and dispatched on its
/// type, about a third of the store thread's time inserting new records. Any other column goes through
/// <see cref="BulkColumn.Read"/> and <see cref="SqliteStatement.Bind"/>. Either way the value is stored exactly as
/// <see cref="SqliteStatement.Bind"/> stores it (null as NULL, a flag as 0 or 1).
/// </summary>
internal static class SqliteColumnBinder
{
    // Built once per column (columns live as long as their model's BulkTable).
    private static readonly ConditionalWeakTable<BulkColumn, Action<SqliteStatement, int, object>> Binders = [];

    public static Action<SqliteStatement, int, object> For(BulkColumn column) => Binders.GetValue(column, Build);

    private static Action<SqliteStatement, int, object> Build(BulkColumn column)
    {
        Action<SqliteStatement, int, object> untyped = (statement, parameter, entity) => statement.Bind(parameter, column.Read(entity));
        var property = column.Property.PropertyInfo;
        if (column.Converter is not null || property?.GetMethod is null || property.DeclaringType is null)
        {
            return untyped;
        }

        var type = property.PropertyType;
        return type == typeof(string) ? Typed<string?>(column, (s, i, v) => { if (v is null) s.BindNull(i); else s.BindText(i, v); })
            : type == typeof(long) ? Typed<long>(column, (s, i, v) => s.BindInt64(i, v))
            : type == typeof(int) ? Typed<int>(column, (s, i, v) => s.BindInt64(i, v))
            : type == typeof(bool) ? Typed<bool>(column, (s, i, v) => s.BindInt64(i, v ? 1 : 0))
            : type == typeof(double) ? Typed<double>(column, (s, i, v) => s.BindDouble(i, v))
            : type == typeof(DateTime) ? Typed<DateTime>(column, (s, i, v) => s.BindDateTime(i, v))
            : type == typeof(byte[]) ? Typed<byte[]?>(column, (s, i, v) => { if (v is null) s.BindNull(i); else s.BindBlob(i, v); })
            : type == typeof(long?) ? Typed<long?>(column, (s, i, v) => { if (v is { } x) s.BindInt64(i, x); else s.BindNull(i); })
            : type == typeof(int?) ? Typed<int?>(column, (s, i, v) => { if (v is { } x) s.BindInt64(i, x); else s.BindNull(i); })
            : type == typeof(bool?) ? Typed<bool?>(column, (s, i, v) => { if (v is { } x) s.BindInt64(i, x ? 1 : 0); else s.BindNull(i); })
            : type == typeof(double?) ? Typed<double?>(column, (s, i, v) => { if (v is { } x) s.BindDouble(i, x); else s.BindNull(i); })
            : type == typeof(DateTime?) ? Typed<DateTime?>(column, (s, i, v) => { if (v is { } x) s.BindDateTime(i, x); else s.BindNull(i); })
            : untyped;
    }

    // entity => ((TEntity)entity).Property, compiled; the same property EF's getter reads.
    private static Action<SqliteStatement, int, object> Typed<T>(BulkColumn column, Action<SqliteStatement, int, T> bind)
    {
        var property = column.Property.PropertyInfo!;
        var entity = Expression.Parameter(typeof(object), "entity");
        var read = Expression.Lambda<Func<object, T>>(Expression.Property(Expression.Convert(entity, property.DeclaringType!), property), entity).Compile();
        return (statement, parameter, value) => bind(statement, parameter, read(value));
    }
}
