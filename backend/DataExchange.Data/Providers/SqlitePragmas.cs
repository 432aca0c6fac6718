using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace DataExchange.Data.Providers;

/// <summary>
/// Per-connection SQLite settings: WAL lets readers run beside the writer, NORMAL sync is durable across
/// application crashes in WAL mode, and a busy timeout turns writer contention into waiting, not errors.
/// Temporary B-trees and statement journals stay in memory, and the page cache holds 64 MiB (SQLite's default is
/// 2 MiB): a linker slice touches tens of thousands of index pages, and with the defaults SQLite spilled them to temp
/// files and re-read them, writing about ten times what it stored (measured: 4.2 GB of writes to link 50,000 records,
/// 0.4 GB with these). The cache fills only with pages actually read.
/// </summary>
public sealed class SqlitePragmas(bool checkpointInBackground) : DbConnectionInterceptor
{
    private readonly string pragmas = Text(checkpointInBackground);

    // EF opens a read-only connection to ask whether the database exists. Switching a file to WAL is a write, refused on
    // such a connection when the file is still in rollback-journal mode, as a VACUUM INTO backup is: the restored file
    // would not start. Read-only connections get the other settings; the first read-write one switches the file.
    private readonly string readOnlyPragmas = Text(checkpointInBackground).Replace("PRAGMA journal_mode=WAL; ", "", StringComparison.Ordinal)
        .Replace(" PRAGMA wal_autocheckpoint=0;", "", StringComparison.Ordinal);

    private string PragmasFor(DbConnection connection) =>
        new SqliteConnectionStringBuilder(connection.ConnectionString).Mode == SqliteOpenMode.ReadOnly ? readOnlyPragmas : pragmas;

    /// <summary>The statements run on every connection opened (also used by dx bench's raw ceiling, to match the host).</summary>
    public static string Text(bool checkpointInBackground) =>
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY; PRAGMA cache_size=-65536;"
        + (checkpointInBackground ? " PRAGMA wal_autocheckpoint=0;" : "");

    // Microsoft.Data.Sqlite pools native connections, and the settings stay with the native connection: each is
    // configured once, the first time it is opened, not on every open (a GetChild opens several).
    private readonly ConditionalWeakTable<object, object> configured = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (IsConfigured(connection))
        {
            return;
        }

        using var command = connection.CreateCommand();
        command.CommandText = PragmasFor(connection);
        command.ExecuteNonQuery();
        MarkConfigured(connection);
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (IsConfigured(connection))
        {
            return;
        }

        await using var command = connection.CreateCommand();
        command.CommandText = PragmasFor(connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
        MarkConfigured(connection);
    }

    private bool IsConfigured(DbConnection connection) =>
        connection is SqliteConnection { Handle: { } handle } && configured.TryGetValue(handle, out _);

    private void MarkConfigured(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle })
        {
            configured.AddOrUpdate(handle, handle);
        }
    }
}
