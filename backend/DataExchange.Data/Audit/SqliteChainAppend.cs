using DataExchange.Data.Entities;
using DataExchange.Data.Writing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace DataExchange.Data.Audit;

/// <summary>
/// SQLite: an audit group's transaction on one connection the store keeps open, its statements prepared once. Each
/// group is <c>BEGIN IMMEDIATE</c> (SQLite's single writer), the head read inside it, the entries chained onto that head
/// and inserted one prepared row at a time, then COMMIT: the same transaction as before, without a context, an EF
/// transaction, the change tracker and a statement prepared again for every group (a profile of 64 GetChild callers
/// put the EF path at about a fifth of the host's CPU, more than SQLite's own work).
/// <para>
/// Nothing is cached but the compiled statements: the head is read in every transaction, after the write lock is
/// taken, so a writer in another process (dx on the same file) is chained onto, never forked from; the sequence key and
/// the unique previous hash still refuse a fork. Values are stored exactly as EF stores them (the model's columns and
/// converters, <see cref="BulkTable"/>, bound by <see cref="SqliteStatement"/>). A schema change makes SQLite prepare
/// a statement again on its next step. Only the writer-lock holder of <see cref="AuditStore"/> calls it (one group at
/// a time); a group that fails rolls back and closes the connection, so the next one starts from a fresh connection.
/// </para>
/// </summary>
internal sealed class SqliteChainAppend(IDbContextFactory<ExchangeDbContext> contexts) : IDisposable
{
    private Prepared? prepared;

    /// <summary>Set once the database turns out not to be SQLite (the store then writes through EF, as on SQL Server).</summary>
    public bool NotSqlite { get; private set; }

    /// <summary>
    /// Chains the group onto the head read under SQLite's write lock (<paramref name="chain"/>), inserts it and commits;
    /// returns the entries' sequences, or null when the database is not SQLite.
    /// </summary>
    public async Task<long[]?> TryAppendAsync(Func<AuditHead?, List<AuditEntryEntity>> chain, CancellationToken cancellationToken)
    {
        var statements = prepared ??= await PrepareAsync(cancellationToken);
        if (statements is null)
        {
            return null;
        }

        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            return statements.Append(chain);
        }
        catch
        {
            // The connection's state after a failed step is not worth reasoning about: the next group opens another.
            prepared = null;
            statements.Dispose();
            throw;
        }
    }

    private async Task<Prepared?> PrepareAsync(CancellationToken cancellationToken)
    {
        if (NotSqlite)
        {
            return null;
        }

        var db = await contexts.CreateDbContextAsync(cancellationToken);
        try
        {
            if (!db.Database.IsSqlite())
            {
                NotSqlite = true;
                await db.DisposeAsync();
                return null;
            }

            // Opened through EF, so the host's connection settings (SqlitePragmas) apply as on any other connection.
            await db.Database.OpenConnectionAsync(cancellationToken);
            return Prepared.On(db);
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }

    public void Dispose()
    {
        if (prepared is { } statements)
        {
            prepared = null;
            statements.Dispose();
        }
    }

    /// <summary>One open context, its connection's head read and row insert prepared.</summary>
    private sealed class Prepared : IDisposable
    {
        private readonly ExchangeDbContext db;
        private readonly SqliteConnection connection;
        private readonly SqliteCommand head;
        private readonly SqliteStatement insert;
        private readonly IReadOnlyList<BulkColumn> columns;

        private Prepared(ExchangeDbContext db, SqliteCommand head, SqliteStatement insert, IReadOnlyList<BulkColumn> columns)
        {
            this.db = db;
            connection = (SqliteConnection)db.Database.GetDbConnection();
            this.head = head;
            this.insert = insert;
            this.columns = columns;
        }

        public static Prepared On(ExchangeDbContext db)
        {
            var table = BulkTable.For(db.Model.FindEntityType(typeof(AuditEntryEntity))!)
                ?? throw new InvalidOperationException("The audit table is not a plain table of the model.");
            string Column(string property) => BulkTable.Quote(table.Columns.Single(column => column.Property.Name == property).Name);
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            var head = connection.CreateCommand();
            head.CommandText = $"SELECT {Column(nameof(AuditEntryEntity.Sequence))}, {Column(nameof(AuditEntryEntity.Hash))} FROM {table.QuotedName} "
                + $"ORDER BY {Column(nameof(AuditEntryEntity.Sequence))} DESC LIMIT 1";
            head.Prepare();
            var columns = table.InsertColumns(withGeneratedKey: true);
            var insert = SqliteStatement.Prepare(connection,
                $"INSERT INTO {table.QuotedName} ({string.Join(", ", columns.Select(column => BulkTable.Quote(column.Name)))}) "
                + $"VALUES ({string.Join(", ", columns.Select((_, i) => "@p" + i))})", columns.Count);
            return new Prepared(db, head, insert, columns);
        }

        public long[] Append(Func<AuditHead?, List<AuditEntryEntity>> chain)
        {
            // BEGIN IMMEDIATE (Microsoft.Data.Sqlite's default): the write lock first, so the head read is the chain's head.
            using var transaction = connection.BeginTransaction();
            head.Transaction = transaction;
            AuditHead? current = null;
            using (var reader = head.ExecuteReader())
            {
                if (reader.Read())
                {
                    current = new AuditHead(reader.GetInt64(0), reader.GetString(1));
                }
            }

            var entries = chain(current);
            foreach (var entry in entries)
            {
                for (var i = 0; i < columns.Count; i++)
                {
                    insert.Bind(i, columns[i].Read(entry));
                }

                insert.Execute();
            }

            transaction.Commit();
            return [.. entries.Select(entry => entry.Sequence)];
        }

        public void Dispose()
        {
            insert.Dispose();
            head.Dispose();
            db.Dispose();
        }
    }
}
