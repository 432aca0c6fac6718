extern alias dx;
using DataExchange.Api.SecurityTests.Infrastructure;
using dx::DataExchange.Cli.Commands;
using DataExchange.Contracts.V1;
using DataExchange.Data.Audit;
using DataExchange.Data.Providers;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Agency = DataExchange.Domain.Agencies.Agency;

namespace DataExchange.Api.SecurityTests;

/// <summary>
/// The chain catches what an attacker with database administrator rights does by hand: the append-only
/// triggers stop plain UPDATE and DELETE, so the attacker first drops them, then edits, deletes, inserts or
/// reorders rows. Verification (the AuditLog rpc and dx audit verify) names the entry. Each test gets its own host.
/// </summary>
public abstract class AuditChainTests(DatabaseProvider provider)
{
    private async Task<SecurityHub> HostWithEntriesAsync(int calls = 8)
    {
        var hub = new SecurityHub(provider);
        var client = new RecordExchange.RecordExchangeClient(hub.AgencyInvoker(Agency.Education));
        for (var i = 0; i < calls; i++)
        {
            await client.VerifyIdentityAsync(new VerifyIdentityRequest { IdNumber = World.IdNumber(i) });
        }

        return hub;
    }

    private async Task<AuditChainVerifier> VerifyAsync(SecurityHub hub, AuditHead? head = null) =>
        await hub.Services.GetRequiredService<AuditQueries>().VerifyAsync(head, CancellationToken.None);

    private async Task SqlAsync(SecurityHub hub, params string[] statements)
    {
        await using var db = await hub.Contexts().CreateDbContextAsync();
        foreach (var statement in statements)
        {
            await db.Database.ExecuteSqlRawAsync(statement);
        }
    }

    /// <summary>What an attacker with admin rights does first: switch the append-only triggers off.</summary>
    private Task DropTriggersAsync(SecurityHub hub) => provider == DatabaseProvider.PostgreSql
        ? SqlAsync(hub, "ALTER TABLE audit_entries DISABLE TRIGGER USER")
        : SqlAsync(hub, "DROP TRIGGER audit_entries_no_update", "DROP TRIGGER audit_entries_purge_only");

    private string DatabaseSpec(SecurityHub hub) => provider == DatabaseProvider.PostgreSql
        ? "postgres:" + hub.Database.Options.ConnectionString
        : "sqlite:" + hub.Database.Options.ConnectionString;

    private async Task<(int Exit, string Output)> DxAuditVerifyAsync(SecurityHub hub, string? head = null)
    {
        var output = new StringWriter();
        var exit = await AuditCommand.VerifyAsync(DatabaseSpec(hub), head, output, new StringWriter(), CancellationToken.None);
        return (exit, output.ToString());
    }

    protected async Task AnUntouchedChainVerifiesAndEveryCallAddedOneEntry()
    {
        await using var hub = await HostWithEntriesAsync();
        var verdict = await VerifyAsync(hub);
        Assert.False(verdict.Failed, verdict.Problem);
        Assert.Equal(8, verdict.Checked);
        Assert.Equal((0, true), await DxAuditVerifyAsync(hub) is var (exit, text) ? (exit, text.StartsWith("intact: 8 entries", StringComparison.Ordinal)) : default);
    }

    protected async Task TheTriggersRefuseUpdateAndDelete()
    {
        await using var hub = await HostWithEntriesAsync(2);
        await Assert.ThrowsAnyAsync<Exception>(() => SqlAsync(hub, "UPDATE audit_entries SET \"Outcome\" = 'OK' WHERE \"Sequence\" = 1"));
        await Assert.ThrowsAnyAsync<Exception>(() => SqlAsync(hub, "DELETE FROM audit_entries WHERE \"Sequence\" = 2"));
        Assert.False((await VerifyAsync(hub)).Failed);
    }

    protected async Task AnEditedEntryIsNamed()
    {
        await using var hub = await HostWithEntriesAsync();
        await DropTriggersAsync(hub);
        await SqlAsync(hub, "UPDATE audit_entries SET \"Outcome\" = 'PermissionDenied' WHERE \"Sequence\" = 5");

        var verdict = await VerifyAsync(hub);
        Assert.Equal(5, verdict.FirstBadSequence);
        Assert.Contains("edited", verdict.Problem);

        var (exit, output) = await DxAuditVerifyAsync(hub);
        Assert.Equal(1, exit);
        Assert.Contains("BROKEN at entry 5", output);

        var auditor = await World.CreateUserAsync(hub, "auditor@chain.test", Agency.CivilAffairs, Role.Auditor);
        Assert.NotEmpty(auditor);
        var rpc = await new AuditLog.AuditLogClient(hub.Invoker(hub.UserToken("auditor@chain.test", World.PersonPassword, "openid audit.read")))
            .VerifyChainAsync(new VerifyChainRequest());
        Assert.False(rpc.Intact);
        Assert.Equal(5, rpc.FirstBadSequence);
    }

    protected async Task AnUnreadableTimestampIsNamedAsTamperedByTheRpcAndByDx()
    {
        await using var hub = await HostWithEntriesAsync();
        await DropTriggersAsync(hub);
        await SqlAsync(hub, "UPDATE audit_entries SET \"OccurredAt\" = 'the 4th of never' WHERE \"Sequence\" = 4");

        var verdict = await VerifyAsync(hub);
        var (exit, output) = await DxAuditVerifyAsync(hub);

        Assert.Equal(4, verdict.FirstBadSequence);
        Assert.Equal(1, exit);
        Assert.Equal("BROKEN at entry 4: entry 4 cannot be read (its OccurredAt column holds a value of the wrong type): it was tampered with",
            output.Split('\n')[0].TrimEnd('\r'));
    }

    protected async Task ADeletedEntryIsNamed()
    {
        await using var hub = await HostWithEntriesAsync();
        await DropTriggersAsync(hub);
        await SqlAsync(hub, "DELETE FROM audit_entries WHERE \"Sequence\" = 4");

        var verdict = await VerifyAsync(hub);
        Assert.Equal(4, verdict.FirstBadSequence);
        Assert.Contains("missing", verdict.Problem);
        Assert.Contains("BROKEN at entry 4", (await DxAuditVerifyAsync(hub)).Output);
    }

    protected async Task AnInsertedEntryIsNamed()
    {
        await using var hub = await HostWithEntriesAsync();
        await DropTriggersAsync(hub);
        // Make room after entry 3 and slip a forged entry in, chained to entry 3's real hash.
        await SqlAsync(hub,
            "UPDATE audit_entries SET \"Sequence\" = \"Sequence\" + 1000 WHERE \"Sequence\" > 3",
            "UPDATE audit_entries SET \"Sequence\" = \"Sequence\" - 999 WHERE \"Sequence\" > 1000",
            "INSERT INTO audit_entries (\"Sequence\", \"OccurredAt\", \"PrincipalKind\", \"Principal\", \"Agency\", \"Rpc\", \"Purpose\", \"PurposeReference\", \"Grants\", \"Children\", \"FieldGroups\", \"Outcome\", \"Detail\", \"PreviousHash\", \"Hash\") " +
            "SELECT 4, \"OccurredAt\", 'client', 'forger', 'education', \"Rpc\", '', '', '', '', '', 'OK', '', '" + new string('b', 64) + "', '" + new string('a', 64) + "' FROM audit_entries WHERE \"Sequence\" = 3");

        var verdict = await VerifyAsync(hub);
        Assert.Equal(4, verdict.FirstBadSequence);
        Assert.Contains("BROKEN at entry 4", (await DxAuditVerifyAsync(hub)).Output);
    }

    protected async Task ReorderedEntriesAreNamed()
    {
        await using var hub = await HostWithEntriesAsync();
        await DropTriggersAsync(hub);
        await SqlAsync(hub,
            "UPDATE audit_entries SET \"Sequence\" = 1006 WHERE \"Sequence\" = 6",
            "UPDATE audit_entries SET \"Sequence\" = 6 WHERE \"Sequence\" = 7",
            "UPDATE audit_entries SET \"Sequence\" = 7 WHERE \"Sequence\" = 1006");

        var verdict = await VerifyAsync(hub);
        Assert.Equal(6, verdict.FirstBadSequence);
        Assert.Contains("BROKEN at entry 6", (await DxAuditVerifyAsync(hub)).Output);
    }

    protected async Task ATruncatedTailIsCaughtAgainstTheExportedHead()
    {
        await using var hub = await HostWithEntriesAsync();
        var export = new StringWriter();
        Assert.Equal(0, await AuditCommand.HeadAsync(DatabaseSpec(hub), export, new StringWriter(), CancellationToken.None));
        var head = export.ToString().Trim();
        Assert.StartsWith("8:", head);
        await DropTriggersAsync(hub);
        await SqlAsync(hub, "DELETE FROM audit_entries WHERE \"Sequence\" >= 7");

        Assert.False((await VerifyAsync(hub)).Failed); // Without the head an unkeyed chain cannot know its end...
        var (exit, output) = await DxAuditVerifyAsync(hub, head);
        Assert.Equal(1, exit); // ...with it, the cut is found.
        Assert.Contains("BROKEN at entry 8", output);
        Assert.Contains("truncated", output);
    }
}

/// <summary>PostgreSQL hosts take seconds to migrate: one host, the chain restored from a snapshot after each tamper.</summary>
public abstract class AuditChainSnapshots(DatabaseProvider provider) : AuditChainTests(provider)
{
    protected async Task EachTamperIsNamedAfterRestoringTheChain()
    {
        await using var hub = new SecurityHub(DatabaseProvider.PostgreSql);
        var client = new RecordExchange.RecordExchangeClient(hub.AgencyInvoker(Agency.Health));
        for (var i = 0; i < 8; i++)
        {
            await client.VerifyIdentityAsync(new VerifyIdentityRequest { IdNumber = World.IdNumber(i) });
        }

        await Assert.ThrowsAnyAsync<Exception>(() => Sql(hub, "UPDATE audit_entries SET \"Outcome\" = 'OK' WHERE \"Sequence\" = 1"));
        await Assert.ThrowsAnyAsync<Exception>(() => Sql(hub, "DELETE FROM audit_entries WHERE \"Sequence\" = 2"));
        await Assert.ThrowsAnyAsync<Exception>(() => Sql(hub, "TRUNCATE audit_entries"));

        List<Data.Entities.AuditEntryEntity> snapshot;
        await using (var db = await hub.Contexts().CreateDbContextAsync())
        {
            snapshot = await db.AuditEntries.AsNoTracking().OrderBy(entry => entry.Sequence).ToListAsync();
        }

        await Sql(hub, "ALTER TABLE audit_entries DISABLE TRIGGER USER");
        var tampers = new (string[] Sql, long Named)[]
        {
            (["UPDATE audit_entries SET \"Outcome\" = 'PermissionDenied' WHERE \"Sequence\" = 5"], 5),
            (["DELETE FROM audit_entries WHERE \"Sequence\" = 4"], 4),
            (["UPDATE audit_entries SET \"Sequence\" = 1006 WHERE \"Sequence\" = 6", "UPDATE audit_entries SET \"Sequence\" = 6 WHERE \"Sequence\" = 7", "UPDATE audit_entries SET \"Sequence\" = 7 WHERE \"Sequence\" = 1006"], 6),
            (["UPDATE audit_entries SET \"Sequence\" = \"Sequence\" + 1000 WHERE \"Sequence\" > 3", "UPDATE audit_entries SET \"Sequence\" = \"Sequence\" - 999 WHERE \"Sequence\" > 1000",
              "INSERT INTO audit_entries SELECT 4, \"OccurredAt\", 'client', 'forger', 'health', \"Rpc\", '', '', '', '', '', 'OK', '', '" + new string('b', 64) + "', '" + new string('a', 64) + "' FROM audit_entries WHERE \"Sequence\" = 3"], 4),
        };
        foreach (var (statements, named) in tampers)
        {
            await Sql(hub, statements);
            var verdict = await hub.Services.GetRequiredService<AuditQueries>().VerifyAsync(null, CancellationToken.None);
            Assert.True(named == verdict.FirstBadSequence, $"{statements[0]}: {verdict.Problem}");
            var output = new StringWriter();
            Assert.Equal(1, await AuditCommand.VerifyAsync("postgres:" + hub.Database.Options.ConnectionString, null, output, new StringWriter(), CancellationToken.None));
            Assert.Contains($"BROKEN at entry {named}", output.ToString());

            await using var db = await hub.Contexts().CreateDbContextAsync();
            await db.AuditEntries.ExecuteDeleteAsync();
            db.AuditEntries.AddRange(snapshot);
            await db.SaveChangesAsync();
            Assert.False((await hub.Services.GetRequiredService<AuditQueries>().VerifyAsync(null, CancellationToken.None)).Failed);
        }
    }

    private static async Task Sql(SecurityHub hub, params string[] statements)
    {
        await using var db = await hub.Contexts().CreateDbContextAsync();
        foreach (var statement in statements)
        {
            await db.Database.ExecuteSqlRawAsync(statement);
        }
    }
}

public sealed class AuditChainOnSqlite() : AuditChainTests(DatabaseProvider.Sqlite)
{
    [Fact] public Task AnUntouchedChainVerifiesAndEveryCallAddsOneEntry() => AnUntouchedChainVerifiesAndEveryCallAddedOneEntry();
    [Fact] public Task TheTriggersRefuseRawUpdateAndDelete() => TheTriggersRefuseUpdateAndDelete();
    [Fact] public Task AnEntryEditedWithRawSqlIsNamed() => AnEditedEntryIsNamed();
    [Fact] public Task AnEntryDeletedWithRawSqlIsNamed() => ADeletedEntryIsNamed();
    [Fact] public Task AnEntryWithAnUnreadableTimestampIsNamedAsTampered() => AnUnreadableTimestampIsNamedAsTamperedByTheRpcAndByDx();
    [Fact] public Task AnEntryInsertedWithRawSqlIsNamed() => AnInsertedEntryIsNamed();
    [Fact] public Task EntriesReorderedWithRawSqlAreNamed() => ReorderedEntriesAreNamed();
    [Fact] public Task ATruncatedTailIsCaughtAgainstTheExportedHeadDigest() => ATruncatedTailIsCaughtAgainstTheExportedHead();
}

public sealed class AuditChainOnPostgres() : AuditChainSnapshots(DatabaseProvider.PostgreSql)
{
    [PostgresFact] public Task EditedDeletedReorderedAndInsertedEntriesAreEachNamed() => EachTamperIsNamedAfterRestoringTheChain();
    [PostgresFact] public Task ATruncatedTailIsCaughtAgainstTheExportedHeadDigest() => ATruncatedTailIsCaughtAgainstTheExportedHead();
}
