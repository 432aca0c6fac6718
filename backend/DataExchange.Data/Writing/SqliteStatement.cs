using System.Globalization;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace DataExchange.Data.Writing;

/// <summary>
/// One prepared SQLite statement driven through the sqlite3 API underneath Microsoft.Data.Sqlite, for the bulk
/// writers (<see cref="Records.NewRecordInserts"/>, <see cref="DirectSave"/>). ADO.NET looks every parameter up by
/// name on every execution and converts each value through several layers; on a bulk insert that costs about as much
/// as SQLite's own work. Here parameter slots are resolved once, values are bound by position, and text goes to SQLite
/// as UTF-16 for it to convert natively. Values are stored exactly as Microsoft.Data.Sqlite (and so EF Core) stores
/// them: integers and booleans as INTEGER, DateTime as "yyyy-MM-dd HH:mm:ss.FFFFFFF" TEXT, byte[] as BLOB, and an
/// empty string or array stays empty, never NULL. Runs on the connection's handle, so inside its open transaction.
/// </summary>
public sealed class SqliteStatement : IDisposable
{
    private const string DateTimeFormat = @"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF";

    private readonly sqlite3 db;
    private readonly sqlite3_stmt statement;
    private readonly int[] slots;
    private readonly char[] formatted = new char[32]; // The text of formattedTime (its first formattedLength characters).
    private DateTime formattedTime;
    private int formattedLength;

    private SqliteStatement(sqlite3 db, sqlite3_stmt statement, int[] slots)
    {
        this.db = db;
        this.statement = statement;
        this.slots = slots;
    }

    /// <summary>Prepares <paramref name="sql"/>, whose parameters are named @p0, @p1, ... @p(count - 1).</summary>
    public static SqliteStatement Prepare(SqliteConnection connection, string sql, int parameterCount)
    {
        var db = connection.Handle ?? throw new InvalidOperationException("The SQLite connection is not open.");
        var rc = raw.sqlite3_prepare_v2(db, sql, out var statement);
        if (rc != raw.SQLITE_OK)
        {
            statement.Dispose();
            SqliteException.ThrowExceptionForRC(rc, db);
        }

        var slots = new int[parameterCount];
        for (var i = 0; i < parameterCount; i++)
        {
            slots[i] = raw.sqlite3_bind_parameter_index(statement, "@p" + i.ToString(CultureInfo.InvariantCulture));
            if (slots[i] == 0)
            {
                statement.Dispose();
                throw new ArgumentException($"The statement has no parameter @p{i}: {sql}", nameof(sql));
            }
        }

        return new SqliteStatement(db, statement, slots);
    }

    public void BindNull(int parameter) => Check(raw.sqlite3_bind_null(statement, slots[parameter]));

    public void BindInt64(int parameter, long value) => Check(raw.sqlite3_bind_int64(statement, slots[parameter], value));

    public void BindDouble(int parameter, double value) => Check(raw.sqlite3_bind_double(statement, slots[parameter], value));

    public void BindText(int parameter, string value) =>
        // sqlite3 reads an empty span as a null pointer, which would bind NULL; the string overload passes "".
        Check(value.Length == 0
            ? raw.sqlite3_bind_text(statement, slots[parameter], "")
            : raw.sqlite3_bind_text16(statement, slots[parameter], value.AsSpan()));

    public void BindBlob(int parameter, byte[] value) =>
        Check(value.Length == 0
            ? raw.sqlite3_bind_zeroblob(statement, slots[parameter], 0)
            : raw.sqlite3_bind_blob(statement, slots[parameter], value));

    public void BindDateTime(int parameter, DateTime value)
    {
        // A bulk unit stamps its rows with one time: formatted once, not once per row and column.
        if (value != formattedTime || formattedLength == 0)
        {
            value.TryFormat(formatted, out formattedLength, DateTimeFormat, CultureInfo.InvariantCulture);
            formattedTime = value;
        }

        Check(raw.sqlite3_bind_text16(statement, slots[parameter], formatted.AsSpan(0, formattedLength)));
    }

    /// <summary>Binds a provider value of a type <see cref="CanBind"/> accepts.</summary>
    public void Bind(int parameter, object? value)
    {
        switch (value)
        {
            case null or DBNull: BindNull(parameter); break;
            case string text: BindText(parameter, text); break;
            case long number: BindInt64(parameter, number); break;
            case int number: BindInt64(parameter, number); break;
            case bool flag: BindInt64(parameter, flag ? 1 : 0); break;
            case double number: BindDouble(parameter, number); break;
            case byte[] bytes: BindBlob(parameter, bytes); break;
            case DateTime time: BindDateTime(parameter, time); break;
            default: throw new NotSupportedException($"SqliteStatement does not bind {value.GetType().Name} values.");
        }
    }

    /// <summary>Whether <see cref="Bind"/> stores values of this (provider) type as Microsoft.Data.Sqlite would.</summary>
    public static bool CanBind(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type == typeof(string) || type == typeof(long) || type == typeof(int) || type == typeof(bool)
            || type == typeof(double) || type == typeof(byte[]) || type == typeof(DateTime);
    }

    /// <summary>Runs a statement that returns no rows; returns how many rows it changed.</summary>
    public int Execute()
    {
        Step(expectRow: false);
        return raw.sqlite3_changes(db);
    }

    /// <summary>Runs a statement that returns one integer (an INSERT ... RETURNING "Id").</summary>
    public long ExecuteInt64()
    {
        Step(expectRow: true);
        var value = raw.sqlite3_column_int64(statement, 0);
        var rc = raw.sqlite3_step(statement);
        Reset(rc);
        return value;
    }

    public void Dispose() => statement.Dispose();

    private void Step(bool expectRow)
    {
        var rc = raw.sqlite3_step(statement);
        if (rc == (expectRow ? raw.SQLITE_ROW : raw.SQLITE_DONE))
        {
            if (!expectRow)
            {
                Reset(rc);
            }

            return;
        }

        Reset(rc);
        if (rc is raw.SQLITE_ROW or raw.SQLITE_DONE)
        {
            throw new InvalidOperationException(expectRow ? "The statement returned no row." : "The statement returned a row.");
        }
    }

    // Ready for the next execution; an error of the step is reported with SQLite's message (and fails the transaction's caller).
    private void Reset(int rc)
    {
        raw.sqlite3_reset(statement);
        if (rc is not (raw.SQLITE_ROW or raw.SQLITE_DONE))
        {
            SqliteException.ThrowExceptionForRC(rc, db);
        }
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, db);
        }
    }
}
