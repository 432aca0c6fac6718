using DataExchange.Api.SecurityTests.Infrastructure;
using DataExchange.Data;
using DataExchange.Data.Audit;
using System.Data.Common;
using DataExchange.Data.Providers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace DataExchange.Api.SecurityTests;

/// <summary>
/// Group commit of the audit chain, as several hosts on one database do it: separate appenders (each with its own
/// service provider, context pool and writer lock, as separate host processes have) append concurrently; the chain
/// is one valid chain, every entry that was acknowledged is in it exactly once, and an append that fails fails its
/// caller and leaves nothing behind.
/// </summary>
public abstract class AuditGroupCommitTests(DatabaseProvider provider) : IAsyncLifetime
{
    private readonly SecurityDatabase database = new(provider);
    private readonly List<ServiceProvider> hosts = [];

    public async Task InitializeAsync()
    {
        await using var db = Host("migrate").GetRequiredService<IDbContextFactory<ExchangeDbContext>>().CreateDbContext();
        await DatabaseSetup.MigrateAsync(db, database.Options, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        foreach (var host in hosts)
        {
            await host.DisposeAsync();
        }

        await database.DisposeAsync();
    }

    /// <summary>What a host process has of the audit chain: its own context pool (its own connections) and store.</summary>
    private ServiceProvider Host(string name)
    {
        var connection = provider == DatabaseProvider.PostgreSql
            ? new NpgsqlConnectionStringBuilder(database.Options.ConnectionString) { ApplicationName = name }.ConnectionString
            : database.Options.ConnectionString;
        var services = new ServiceCollection()
            .AddSingleton(TimeProvider.System)
            .AddExchangeDatabase(new DatabaseOptions { Provider = provider, ConnectionString = connection })
            .AddSingleton<AuditStore>()
            .AddSingleton<AuditQueries>()
            .BuildServiceProvider();
        hosts.Add(services);
        return services;
    }

    private static AuditDraft Draft(string detail) => new() { PrincipalKind = "client", Principal = "group-test", Rpc = "/test/Append", Outcome = "OK", Detail = detail };

    protected async Task ConcurrentAppendsFromSeveralHostsMakeOneChainWithEveryEntryOnce()
    {
        var stores = Enumerable.Range(0, 3).Select(i => Host("host-" + i).GetRequiredService<AuditStore>()).ToList();
        const int perHost = 150;

        var appends = stores.SelectMany((store, host) => Enumerable.Range(0, perHost).Select(async i =>
        {
            await Task.Yield();
            var detail = $"h{host}-{i}";
            return (detail, sequence: await store.AppendAsync(Draft(detail), CancellationToken.None));
        })).ToList();
        var acknowledged = await Task.WhenAll(appends);

        var verdict = await Host("verify").GetRequiredService<AuditQueries>().VerifyAsync(null, CancellationToken.None);
        Assert.False(verdict.Failed, verdict.Problem);
        Assert.Equal(3 * perHost, verdict.Checked);
        await using var db = await Host("read").GetRequiredService<IDbContextFactory<ExchangeDbContext>>().CreateDbContextAsync();
        var stored = await db.AuditEntries.AsNoTracking().ToDictionaryAsync(entry => entry.Sequence, entry => entry.Detail);
        // Each caller was told the sequence its own entry got, and that entry is its own: nothing lost, nothing twice.
        Assert.All(acknowledged, append => Assert.Equal(append.detail, stored[append.sequence]));
        Assert.Equal(acknowledged.Length, stored.Values.Distinct().Count());
        if (provider == DatabaseProvider.PostgreSql)
        {
            // Under the chain's lock no group may lose a race: each reads the head its predecessor committed.
            Assert.All(stores, store => Assert.Equal(0, store.LostRaces));
        }
    }

    protected async Task AQueueLongerThanOneGroupIsWrittenInFull()
    {
        var store = Host("host").GetRequiredService<AuditStore>();
        var count = AuditStore.MaxGroup * 2 + 100;

        var appends = Enumerable.Range(0, count).Select(i => store.AppendAsync(Draft("long-" + i), CancellationToken.None)).ToList();
        // A caller whose entry was left behind by a full group must not wait forever.
        var sequences = await Task.WhenAll(appends).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(Enumerable.Range(1, count).Select(i => (long)i), sequences.Order());
        var verdict = await Host("verify").GetRequiredService<AuditQueries>().VerifyAsync(null, CancellationToken.None);
        Assert.False(verdict.Failed, verdict.Problem);
        Assert.Equal(count, verdict.Checked);
    }

    protected async Task AFailingAppendFailsItsCallersAndLeavesNoEntry()
    {
        await RefusePoisonAsync();
        var store = Host("host").GetRequiredService<AuditStore>();

        var appends = Enumerable.Range(0, 40).Select(i => i == 20 ? "poison" : "fine-" + i).Select(async detail =>
        {
            await Task.Yield();
            try
            {
                return (detail, sequence: (long?)await store.AppendAsync(Draft(detail), CancellationToken.None));
            }
            catch (Exception exception) when (exception is DbException or DbUpdateException or InvalidOperationException)
            {
                return (detail, sequence: null);
            }
        }).ToList();
        var outcomes = await Task.WhenAll(appends);

        // The poisoned entry's caller failed; whoever shared its transaction failed with it; nobody else did.
        Assert.Null(outcomes.Single(outcome => outcome.detail == "poison").sequence);
        await using var db = await Host("read").GetRequiredService<IDbContextFactory<ExchangeDbContext>>().CreateDbContextAsync();
        var stored = await db.AuditEntries.AsNoTracking().Select(entry => entry.Detail).ToListAsync();
        Assert.Equal(outcomes.Where(outcome => outcome.sequence is not null).Select(outcome => outcome.detail).Order(), stored.Order());
        Assert.DoesNotContain("poison", stored);
        var verdict = await Host("verify").GetRequiredService<AuditQueries>().VerifyAsync(null, CancellationToken.None);
        Assert.False(verdict.Failed, verdict.Problem);

        // A store that failed goes on appending afterwards.
        var after = await store.AppendAsync(Draft("after"), CancellationToken.None);
        Assert.Equal(stored.Count + 1, after);
    }

    /// <summary>
    /// PostgreSQL hands the writer to the next group before a group's COMMIT (groups in flight): a group refused
    /// at COMMIT itself (a deferred constraint trigger, as a commit lost with its connection) fails its callers only,
    /// the groups behind it chain onto the head before it, and the chain stays one valid chain.
    /// </summary>
    protected async Task AGroupRefusedAtCommitFailsItsCallersAndTheNextGroupsChainOn()
    {
        await RefusePoisonAtCommitAsync();
        var store = Host("host").GetRequiredService<AuditStore>();
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => i == 100 ? "poison" : "fine-" + i).Select(async detail =>
        {
            await Task.Yield();
            try
            {
                return (detail, sequence: (long?)await store.AppendAsync(Draft(detail), CancellationToken.None));
            }
            catch (Exception exception) when (exception is DbException or DbUpdateException or InvalidOperationException)
            {
                return (detail, sequence: null);
            }
        }));

        Assert.Null(outcomes.Single(outcome => outcome.detail == "poison").sequence);
        Assert.Contains(outcomes, outcome => outcome.sequence is not null);
        await using var db = await Host("read").GetRequiredService<IDbContextFactory<ExchangeDbContext>>().CreateDbContextAsync();
        var stored = await db.AuditEntries.AsNoTracking().ToDictionaryAsync(entry => entry.Sequence, entry => entry.Detail);
        // Every acknowledged entry is stored under the sequence its caller was told; nothing else is stored.
        var acknowledged = outcomes.Where(outcome => outcome.sequence is not null).ToList();
        Assert.All(acknowledged, outcome => Assert.Equal(outcome.detail, stored[outcome.sequence!.Value]));
        Assert.Equal(acknowledged.Count, stored.Count);
        var verdict = await Host("verify").GetRequiredService<AuditQueries>().VerifyAsync(null, CancellationToken.None);
        Assert.False(verdict.Failed, verdict.Problem);
        Assert.Equal(stored.Count + 1, await store.AppendAsync(Draft("after"), CancellationToken.None));
    }

    /// <summary>
    /// A host chains its next group onto the head it wrote last, kept in memory, without reading it: when another host
    /// appended meanwhile, the database's head (checked under the chain's lock) is not that one, nothing is written
    /// from the stale head, and the group is written again after the other host's entry.
    /// </summary>
    protected async Task AHostsRememberedHeadGoesStaleWhenAnotherHostAppendsAndIsNeverChainedOnto()
    {
        var first = Host("first").GetRequiredService<AuditStore>();
        var second = Host("second").GetRequiredService<AuditStore>();

        Assert.Equal(1, await first.AppendAsync(Draft("first-1"), CancellationToken.None)); // Read the head: none.
        Assert.Equal(2, await first.AppendAsync(Draft("first-2"), CancellationToken.None)); // Onto its own entry 1.
        Assert.Equal(0, first.StaleHeads);
        Assert.Equal(3, await second.AppendAsync(Draft("second-3"), CancellationToken.None));
        Assert.Equal(4, await first.AppendAsync(Draft("first-4"), CancellationToken.None)); // Not onto its entry 2.
        Assert.Equal(1, first.StaleHeads);
        Assert.Equal(5, await first.AppendAsync(Draft("first-5"), CancellationToken.None)); // Onto its entry 4 again.
        Assert.Equal(1, first.StaleHeads);

        var verdict = await Host("verify").GetRequiredService<AuditQueries>().VerifyAsync(null, CancellationToken.None);
        Assert.False(verdict.Failed, verdict.Problem);
        Assert.Equal(5, verdict.Checked);
        Assert.Equal(0, first.LostRaces + second.LostRaces);
    }

    /// <summary>
    /// On SQLite a store keeps its connection and statements open between groups (SqliteChainAppend): each group still
    /// reads the head under the write lock, so entries another writer appended in between are chained onto, and a
    /// store disposed (its connection closed) still appends through EF.
    /// </summary>
    protected async Task AStoreWithAKeptOpenConnectionChainsOntoAnotherWritersEntries()
    {
        var first = Host("first").GetRequiredService<AuditStore>();
        var second = Host("second").GetRequiredService<AuditStore>();

        Assert.Equal(1, await first.AppendAsync(Draft("first-1"), CancellationToken.None));
        Assert.Equal(2, await first.AppendAsync(Draft("first-2"), CancellationToken.None));
        Assert.Equal(3, await second.AppendAsync(Draft("second-3"), CancellationToken.None));
        Assert.Equal(4, await second.AppendAsync(Draft("second-4"), CancellationToken.None));
        Assert.Equal(5, await first.AppendAsync(Draft("first-5"), CancellationToken.None));
        second.Dispose();
        Assert.Equal(6, await second.AppendAsync(Draft("second-6"), CancellationToken.None));
        Assert.Equal(7, await first.AppendAsync(Draft("first-7"), CancellationToken.None));

        await using var db = await Host("read").GetRequiredService<IDbContextFactory<ExchangeDbContext>>().CreateDbContextAsync();
        var stored = await db.AuditEntries.AsNoTracking().OrderBy(entry => entry.Sequence).Select(entry => entry.Detail).ToListAsync();
        Assert.Equal(["first-1", "first-2", "second-3", "second-4", "first-5", "second-6", "first-7"], stored);
        var verdict = await Host("verify").GetRequiredService<AuditQueries>().VerifyAsync(null, CancellationToken.None);
        Assert.False(verdict.Failed, verdict.Problem);
        Assert.Equal(7, verdict.Checked);
        Assert.Equal(0, first.LostRaces + second.LostRaces);
    }

    /// <summary>
    /// SQLite: a group refused on a store's kept-open connection (by a trigger created after that connection prepared
    /// its statements, so SQLite prepares them again) fails its own caller only; that store goes on appending (on a
    /// fresh connection) and a second store on the same file chains onto both, one valid chain without the refused entry.
    /// </summary>
    protected async Task AGroupRefusedOnAKeptOpenConnectionFailsItsCallerAndBothStoresChainOn()
    {
        var first = Host("first").GetRequiredService<AuditStore>();
        var second = Host("second").GetRequiredService<AuditStore>();

        Assert.Equal(1, await first.AppendAsync(Draft("first-1"), CancellationToken.None)); // Opens and prepares first's connection.
        Assert.Equal(2, await second.AppendAsync(Draft("second-2"), CancellationToken.None));
        await RefusePoisonAsync();
        await Assert.ThrowsAnyAsync<DbException>(() => first.AppendAsync(Draft("poison"), CancellationToken.None));
        Assert.Equal(3, await second.AppendAsync(Draft("second-3"), CancellationToken.None));
        Assert.Equal(4, await first.AppendAsync(Draft("first-4"), CancellationToken.None));
        Assert.Equal(5, await second.AppendAsync(Draft("second-5"), CancellationToken.None));

        await using var db = await Host("read").GetRequiredService<IDbContextFactory<ExchangeDbContext>>().CreateDbContextAsync();
        var stored = await db.AuditEntries.AsNoTracking().OrderBy(entry => entry.Sequence).Select(entry => entry.Detail).ToListAsync();
        Assert.Equal(["first-1", "second-2", "second-3", "first-4", "second-5"], stored);
        var verdict = await Host("verify").GetRequiredService<AuditQueries>().VerifyAsync(null, CancellationToken.None);
        Assert.False(verdict.Failed, verdict.Problem);
        Assert.Equal(5, verdict.Checked);
    }

    /// <summary>
    /// A group appended in one round trip (lock, insert and commit in one batch, onto the head the host remembers)
    /// that is refused at its COMMIT fails its own caller; the host forgets the head that group would have left, and
    /// the next entry follows the last committed one.
    /// </summary>
    protected async Task AOneRoundTripGroupRefusedAtCommitFailsAloneAndTheNextFollowsTheCommittedHead()
    {
        await RefusePoisonAtCommitAsync();
        var store = Host("host").GetRequiredService<AuditStore>();

        Assert.Equal(1, await store.AppendAsync(Draft("fine-1"), CancellationToken.None));
        Assert.Equal(2, await store.AppendAsync(Draft("fine-2"), CancellationToken.None)); // One round trip, onto entry 1.
        await Assert.ThrowsAsync<PostgresException>(() => store.AppendAsync(Draft("poison"), CancellationToken.None));
        Assert.Equal(3, await store.AppendAsync(Draft("after"), CancellationToken.None));
        Assert.Equal(4, await store.AppendAsync(Draft("after-2"), CancellationToken.None));

        await using var db = await Host("read").GetRequiredService<IDbContextFactory<ExchangeDbContext>>().CreateDbContextAsync();
        var stored = await db.AuditEntries.AsNoTracking().OrderBy(entry => entry.Sequence).Select(entry => entry.Detail).ToListAsync();
        Assert.Equal(["fine-1", "fine-2", "after", "after-2"], stored);
        var verdict = await Host("verify").GetRequiredService<AuditQueries>().VerifyAsync(null, CancellationToken.None);
        Assert.False(verdict.Failed, verdict.Problem);
    }

    /// <summary>A deferred trigger that refuses the entry detailed "poison" at COMMIT, as a commit lost with its connection.</summary>
    private async Task RefusePoisonAtCommitAsync()
    {
        await using var setup = await Host("poison").GetRequiredService<IDbContextFactory<ExchangeDbContext>>().CreateDbContextAsync();
        await setup.Database.ExecuteSqlRawAsync("""
            CREATE FUNCTION refuse_poison_at_commit() RETURNS trigger AS $$ BEGIN
              IF NEW."Detail" = 'poison' THEN RAISE EXCEPTION 'refused at commit for the test'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql;
            CREATE CONSTRAINT TRIGGER refuse_poison_at_commit AFTER INSERT ON audit_entries DEFERRABLE INITIALLY DEFERRED
              FOR EACH ROW EXECUTE FUNCTION refuse_poison_at_commit();
            """);
    }

    /// <summary>A trigger that refuses the entry detailed "poison", as a full disk or a lost connection would refuse its transaction.</summary>
    private async Task RefusePoisonAsync()
    {
        await using var db = await Host("poison").GetRequiredService<IDbContextFactory<ExchangeDbContext>>().CreateDbContextAsync();
        if (provider == DatabaseProvider.PostgreSql)
        {
            await db.Database.ExecuteSqlRawAsync("""
                CREATE FUNCTION refuse_poison() RETURNS trigger AS $$ BEGIN
                  IF NEW."Detail" = 'poison' THEN RAISE EXCEPTION 'refused for the test'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql;
                CREATE TRIGGER refuse_poison BEFORE INSERT ON audit_entries FOR EACH ROW EXECUTE FUNCTION refuse_poison();
                """);
        }
        else
        {
            await db.Database.ExecuteSqlRawAsync("""
                CREATE TRIGGER refuse_poison BEFORE INSERT ON audit_entries WHEN NEW."Detail" = 'poison'
                BEGIN SELECT RAISE(ABORT, 'refused for the test'); END;
                """);
        }
    }
}

public sealed class AuditGroupCommitOnSqlite() : AuditGroupCommitTests(DatabaseProvider.Sqlite)
{
    [Fact] public Task ConcurrentAppendsFromSeveralAppendersMakeOneChainWithEveryEntryOnce() => ConcurrentAppendsFromSeveralHostsMakeOneChainWithEveryEntryOnce();
    [Fact] public Task AFailingAppendFailsItsCallersAndLeavesNoEntryBehind() => AFailingAppendFailsItsCallersAndLeavesNoEntry();
    [Fact] public Task AQueueLongerThanOneGroupIsWrittenInFullOnSqlite() => AQueueLongerThanOneGroupIsWrittenInFull();
    [Fact] public Task AStoreKeepingItsConnectionOpenChainsOntoAnotherWritersEntries() => AStoreWithAKeptOpenConnectionChainsOntoAnotherWritersEntries();
    [Fact] public Task AGroupRefusedOnAKeptOpenConnectionFailsOnlyItsCaller() => AGroupRefusedOnAKeptOpenConnectionFailsItsCallerAndBothStoresChainOn();
}

public sealed class AuditGroupCommitOnPostgres() : AuditGroupCommitTests(DatabaseProvider.PostgreSql)
{
    [PostgresFact] public Task ConcurrentAppendsFromSeveralHostsMakeOneUnforkedChain() => ConcurrentAppendsFromSeveralHostsMakeOneChainWithEveryEntryOnce();
    [PostgresFact] public Task AFailingAppendFailsItsCallersAndLeavesNoEntryBehind() => AFailingAppendFailsItsCallersAndLeavesNoEntry();
    [PostgresFact] public Task AQueueLongerThanOneGroupIsWrittenInFullOnPostgres() => AQueueLongerThanOneGroupIsWrittenInFull();
    [PostgresFact] public Task AGroupRefusedAtCommitFailsItsCallersAndTheNextGroupsChainOnto() => AGroupRefusedAtCommitFailsItsCallersAndTheNextGroupsChainOn();
    [PostgresFact] public Task AHostsRememberedHeadIsCheckedAndNeverForksTheChain() => AHostsRememberedHeadGoesStaleWhenAnotherHostAppendsAndIsNeverChainedOnto();
    [PostgresFact] public Task AOneRoundTripGroupRefusedAtCommitFailsAlone() => AOneRoundTripGroupRefusedAtCommitFailsAloneAndTheNextFollowsTheCommittedHead();
}
