using DataExchange.Data.Entities.Reconciliation;
using DataExchange.Data.Providers;
using DataExchange.Data.Writing;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DataExchange.Data.Tests.Bulk;

/// <summary>
/// DeferredForeignKeys drops a bulk unit's foreign keys only inside its transaction: restoring them checks every row, and a
/// unit that never restores them (it failed) leaves the database with all of them.
/// </summary>
public abstract class DeferredForeignKeysScenarios(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly Type[] Filled = [typeof(ChildEntity), typeof(ChildHoldingEntity), typeof(RecordLinkEntity)];
    private ScratchDatabase database = null!;

    public async Task InitializeAsync()
    {
        database = ScratchDatabase.Create(provider);
        await using var db = NewContext();
        await DatabaseSetup.MigrateAsync(db, database.Options, CancellationToken.None);
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task ARowWithoutItsParentIsRefusedWhenTheKeysAreAddedBackAndTheKeysOutliveTheUnit()
    {
        await using (var db = NewContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            var deferred = await DeferredForeignKeys.DropAsync(db, Filled, CancellationToken.None);
            if (provider != DatabaseProvider.PostgreSql)
            {
                Assert.Empty(deferred.Names); // SQLite cannot drop a foreign key: it keeps checking row by row.
                return;
            }

            Assert.Equal(
                ["FK_child_holdings_children_ChildId", "FK_record_links_children_ChildId", "FK_record_links_source_records_SourceRecordId"],
                deferred.Names);
            // No child 424242: accepted while the key is dropped, refused once it is added back.
            await BulkInsert.InsertAsync(db, [new ChildHoldingEntity { ChildId = 424242, Agency = "health" }], readKeys: false, CancellationToken.None);
            var refused = await Assert.ThrowsAsync<PostgresException>(() => deferred.RestoreAsync(db, CancellationToken.None));
            Assert.Equal(PostgresErrorCodes.ForeignKeyViolation, refused.SqlState);
        }

        Assert.Equal(3, await ForeignKeysAsync());
    }

    [Fact]
    public async Task AUnitThatFailsBeforeRestoringLeavesEveryKeyInPlace()
    {
        await using (var db = NewContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await DeferredForeignKeys.DropAsync(db, Filled, CancellationToken.None);
            await transaction.RollbackAsync();
        }

        Assert.Equal(provider == DatabaseProvider.PostgreSql ? 3 : 0, await ForeignKeysAsync());
        await using var check = NewContext();
        // The keys still check each row outside a deferring unit.
        check.ChildHoldings.Add(new ChildHoldingEntity { ChildId = 424242, Agency = "health" });
        await Assert.ThrowsAsync<DbUpdateException>(() => check.SaveChangesAsync());
    }

    [Fact]
    public async Task OutsideATransactionNothingIsDropped()
    {
        await using var db = NewContext();
        if (provider == DatabaseProvider.PostgreSql)
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => DeferredForeignKeys.DropAsync(db, Filled, CancellationToken.None));
        }
        else
        {
            Assert.Empty((await DeferredForeignKeys.DropAsync(db, Filled, CancellationToken.None)).Names);
        }

        Assert.Equal(provider == DatabaseProvider.PostgreSql ? 3 : 0, await ForeignKeysAsync());
    }

    // The PostgreSQL foreign keys of the two dependent tables (SQLite: 0, not counted).
    private async Task<int> ForeignKeysAsync()
    {
        if (provider != DatabaseProvider.PostgreSql)
        {
            return 0;
        }

        await using var db = NewContext();
        return await db.Database.SqlQueryRaw<int>(
            "SELECT count(*)::int AS \"Value\" FROM pg_constraint WHERE contype = 'f' AND conrelid IN ('child_holdings'::regclass, 'record_links'::regclass)")
            .SingleAsync();
    }

    private ExchangeDbContext NewContext()
    {
        var builder = new DbContextOptionsBuilder<ExchangeDbContext>();
        if (provider == DatabaseProvider.PostgreSql)
        {
            // Without the host's retrying strategy, so the test may open its own transactions.
            builder.UseNpgsql(database.Options.ConnectionString, npgsql => npgsql.MigrationsAssembly(DatabaseSetup.PostgreSqlMigrations));
        }
        else
        {
            DatabaseSetup.Configure(builder, database.Options);
        }

        return new ExchangeDbContext(builder.Options);
    }
}

public sealed class DeferredForeignKeysOnSqlite() : DeferredForeignKeysScenarios(DatabaseProvider.Sqlite);

public sealed class DeferredForeignKeysOnPostgres() : DeferredForeignKeysScenarios(DatabaseProvider.PostgreSql);
