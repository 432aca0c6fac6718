using DataExchange.Data.Writing;
using Microsoft.Data.Sqlite;

namespace DataExchange.Data.Tests;

/// <summary>SqliteStatement stores every value exactly as Microsoft.Data.Sqlite (and so EF Core) would, on a real SQLite file.</summary>
public sealed class SqliteStatementTests : IDisposable
{
    private const string Insert = "INSERT INTO t (s, b, d, i, f, n, flag) VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6)";

    private readonly string folder = Directory.CreateTempSubdirectory("dx-statement-").FullName;
    private readonly SqliteConnection connection;

    public SqliteStatementTests()
    {
        connection = new SqliteConnection($"Data Source={Path.Combine(folder, "t.db")};Pooling=False");
        connection.Open();
        Execute("CREATE TABLE t (id INTEGER PRIMARY KEY, s TEXT NOT NULL, b BLOB NOT NULL, d TEXT NOT NULL, i INTEGER NOT NULL, f REAL, n TEXT, flag INTEGER NOT NULL, UNIQUE (s))");
    }

    public static TheoryData<string, byte[], DateTime> Values => new()
    {
        { "", [], new DateTime(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc) },
        { "王思远 \"quoted\" 👧", [0, 1, 255], new DateTime(2026, 11, 23, 8, 5, 3, DateTimeKind.Utc).AddTicks(1234567) },
        { "x", [7], new DateTime(2012, 2, 29, 23, 59, 59, 500, DateTimeKind.Local) },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void StoresWhatMicrosoftDataSqliteStores(string text, byte[] blob, DateTime time)
    {
        using (var statement = SqliteStatement.Prepare(connection, Insert, 7))
        {
            object?[] values = [text, blob, time, 42L, 1.5, null, true];
            for (var i = 0; i < values.Length; i++)
            {
                statement.Bind(i, values[i]);
            }

            Assert.Equal(1, statement.Execute());
        }

        Execute("UPDATE t SET s = 'direct:' || s");
        using (var command = connection.CreateCommand())
        {
            command.CommandText = Insert;
            command.Parameters.AddWithValue("@p0", text);
            command.Parameters.AddWithValue("@p1", blob);
            command.Parameters.AddWithValue("@p2", time);
            command.Parameters.AddWithValue("@p3", 42L);
            command.Parameters.AddWithValue("@p4", 1.5);
            command.Parameters.AddWithValue("@p5", DBNull.Value);
            command.Parameters.AddWithValue("@p6", true);
            command.ExecuteNonQuery();
        }

        const string Columns = "typeof(s), quote(b), typeof(b), d, i, f, quote(n), flag";
        var rows = Query($"SELECT {Columns} FROM t WHERE s LIKE 'direct:%'").Zip(Query($"SELECT {Columns} FROM t WHERE s NOT LIKE 'direct:%'"));
        var (direct, ado) = Assert.Single(rows);
        Assert.Equal(ado, direct);
        Assert.Equal(1, Scalar("SELECT count(*) FROM t WHERE s = 'direct:' || @text", text));
    }

    [Fact]
    public void ReturnsTheGeneratedKeyAndReportsAConstraintViolationAsSqliteExceptionThenRunsAgain()
    {
        using var statement = SqliteStatement.Prepare(connection, Insert + " RETURNING id", 7);
        void BindRow(string key)
        {
            statement.BindText(0, key);
            statement.BindBlob(1, [1]);
            statement.BindDateTime(2, DateTime.UtcNow);
            statement.BindInt64(3, 1);
            statement.BindDouble(4, 0);
            statement.BindNull(5);
            statement.BindInt64(6, 0);
        }

        BindRow("a");
        var first = statement.ExecuteInt64();
        BindRow("a");
        var refused = Assert.Throws<SqliteException>(() => statement.ExecuteInt64());
        BindRow("b");
        var second = statement.ExecuteInt64();

        Assert.Equal(19, refused.SqliteErrorCode); // SQLITE_CONSTRAINT: the unique column.
        Assert.Contains("UNIQUE", refused.Message, StringComparison.Ordinal);
        Assert.Equal(first + 1, second);
    }

    [Fact]
    public void AStatementWithoutTheNumberedParametersIsRefusedWhenPrepared()
    {
        var error = Assert.Throws<ArgumentException>(() => SqliteStatement.Prepare(connection, "SELECT @p0, @other", 2));

        Assert.Contains("@p1", error.Message, StringComparison.Ordinal);
        Assert.False(SqliteStatement.CanBind(typeof(Guid)));
        Assert.True(SqliteStatement.CanBind(typeof(DateTime?)));
    }

    public void Dispose()
    {
        connection.Dispose();
        Directory.Delete(folder, recursive: true);
    }

    private void Execute(string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private long Scalar(string sql, string text)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("@text", text);
        return (long)command.ExecuteScalar()!;
    }

    private List<string> Query(string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        }

        return rows;
    }
}
