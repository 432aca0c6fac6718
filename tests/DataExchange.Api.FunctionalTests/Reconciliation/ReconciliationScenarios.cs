using DataExchange.Api.FunctionalTests.Infrastructure;
using DataExchange.Contracts.V1;
using DataExchange.Data;
using DataExchange.Data.Entities;
using DataExchange.Data.Entities.Reconciliation;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Agency = DataExchange.Domain.Agencies.Agency;
using Contract = DataExchange.Contracts.V1;

namespace DataExchange.Api.FunctionalTests.Reconciliation;

/// <summary>Linking on the way in, the child directory and steward decisions, over real GrpcChannels on each provider.</summary>
public abstract class ReconciliationScenarios<TFactory>(TFactory hub) : IClassFixture<TFactory>
    where TFactory : HubFactory
{
    private readonly Contract.RecordExchange.RecordExchangeClient register = hub.RecordExchangeFor(Agency.PublicSecurity);
    private readonly Contract.RecordExchange.RecordExchangeClient schools = hub.RecordExchangeFor(Agency.Education);
    private readonly Contract.RecordExchange.RecordExchangeClient welfare = hub.RecordExchangeFor(Agency.CivilAffairs);
    private readonly Contract.RecordExchange.RecordExchangeClient federation = hub.RecordExchangeFor(Agency.DisabledFederation);
    // A civil-affairs data steward reads and decides (a steward sees every record's identity and contact columns and its
    // own agency's in full; agencies see their own records and their grants').
    private readonly ChildDirectory.ChildDirectoryClient directory = new(hub.StewardInvokerFor(Agency.CivilAffairs));
    private readonly Contract.Reconciliation.ReconciliationClient stewards = new(hub.StewardInvokerFor(Agency.CivilAffairs));

    [Fact]
    public async Task TheSameChildSentByTwoAgenciesBecomesOneChildWhoseNameComesFromTheHouseholdRegister()
    {
        var kid = new Kid("王思远", new DateOnly(2014, 1, 11));
        await SubmitAsync(register, [kid.Household("ONE-PS")], "one-ps");
        await SubmitAsync(schools, [kid.Student("ONE-ED", name: "王思遠")], "one-ed");

        var child = await ChildOfAsync(kid);

        Assert.Equal(["ONE-ED", "ONE-PS"], child.Records.Select(r => r.SourceId).Order());
        var name = child.Golden.Single(g => g.Field == "name");
        Assert.Equal(("王思远", Contract.Agency.PublicSecurity, "ONE-PS", "authority"), (name.Value, name.Agency, name.SourceId, name.Reason));
        // Schooling is education's: a civil-affairs steward is not shown it without a grant; education itself is.
        Assert.DoesNotContain(child.Golden, g => g.Field == "enrollment_status");
        var own = (await new ChildDirectory.ChildDirectoryClient(hub.CallInvokerFor(Agency.Education))
            .GetChildAsync(new GetChildRequest { ChildId = child.ChildId })).Child;
        Assert.Equal("enrolled", own.Golden.Single(g => g.Field == "enrollment_status").Value);
    }

    [Fact]
    public async Task AChildWhoseOnlyRecordIsRetractedDisappearsFromReadsButKeepsItsHistory()
    {
        var kid = new Kid("王一鸣", new DateOnly(2014, 1, 12));
        await SubmitAsync(register, [kid.Household("GONE-PS")], "gone");
        var child = await ChildOfAsync(kid);

        await register.RetractRecordAsync(new RetractRecordRequest { SourceId = "GONE-PS", Reason = "entered in error" });

        var read = await Assert.ThrowsAsync<RpcException>(() => directory.GetChildAsync(new GetChildRequest { ChildId = child.ChildId }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, read.StatusCode);
        var history = await directory.GetChildHistoryAsync(new GetChildHistoryRequest { ChildId = child.ChildId });
        Assert.Equal(["created", "removed"], history.Entries.Select(e => e.Kind));
    }

    [Fact]
    public async Task ARetractedRecordLeavesTheChildItsOtherRecordsAndAMergedAwayChildNamesItsSurvivor()
    {
        // GetChild reads everything in one command (ChildRead): the retraction filter and the survivor's id are its own.
        var kid = new Kid("周晓彤", new DateOnly(2013, 3, 14), 13);
        var twin = new Kid("吴俊杰", new DateOnly(2013, 3, 15), 15);
        await SubmitAsync(register, [kid.Household("RT-PS"), twin.Household("RT-PS2")], "retract-one-ps");
        await SubmitAsync(schools, [kid.Student("RT-ED")], "retract-one-ed");
        var child = await ChildOfAsync(kid);
        Assert.Equal(["RT-ED", "RT-PS"], child.Records.Select(r => r.SourceId).Order());

        await schools.RetractRecordAsync(new RetractRecordRequest { SourceId = "RT-ED", Reason = "entered in error" });

        var after = (await directory.GetChildAsync(new GetChildRequest { ChildId = child.ChildId })).Child;
        Assert.Equal(["RT-PS"], after.Records.Select(r => r.SourceId));
        Assert.DoesNotContain(after.Golden, g => g.SourceId == "RT-ED");

        var other = await ChildOfAsync(twin);
        await stewards.MergeChildrenAsync(new MergeChildrenRequest
        {
            SurvivorChildId = after.ChildId, SurvivorExpectedVersion = after.Version, AbsorbedChildId = other.ChildId, AbsorbedExpectedVersion = other.Version, Reason = "same child",
        });
        var absorbed = (await directory.GetChildAsync(new GetChildRequest { ChildId = other.ChildId })).Child;
        Assert.False(absorbed.Active);
        Assert.Equal(after.ChildId, absorbed.MergedIntoChildId);
    }

    [Fact]
    public async Task AMergeThenASplitRestoresBothChildrenExactlyAsTheyWere()
    {
        var first = new Kid("王可欣", new DateOnly(2014, 1, 13), 3);
        var second = new Kid("李浩然", new DateOnly(2013, 6, 2), 5);
        await SubmitAsync(register, [first.Household("MS-PS1"), second.Household("MS-PS2")], "merge-split-ps");
        await SubmitAsync(schools, [second.Student("MS-ED2")], "merge-split-ed");
        var a = await ChildOfAsync(first);
        var b = await ChildOfAsync(second);

        await stewards.MergeChildrenAsync(new MergeChildrenRequest
        {
            SurvivorChildId = a.ChildId, SurvivorExpectedVersion = a.Version, AbsorbedChildId = b.ChildId, AbsorbedExpectedVersion = b.Version, Reason = "same child",
        });
        var merged = (await directory.GetChildAsync(new GetChildRequest { ChildId = a.ChildId, RevealIds = true })).Child;
        Assert.Equal(3, merged.Records.Count);
        var split = new SplitChildRequest { ChildId = a.ChildId, ExpectedVersion = merged.Version, Reason = "not the same child after all" };
        split.Records.Add(new RecordKey { Agency = Contract.Agency.PublicSecurity, SourceId = "MS-PS2" });
        split.Records.Add(new RecordKey { Agency = Contract.Agency.Education, SourceId = "MS-ED2" });
        await stewards.SplitChildAsync(split);

        var afterA = (await directory.GetChildAsync(new GetChildRequest { ChildId = a.ChildId, RevealIds = true })).Child;
        var afterB = (await directory.GetChildAsync(new GetChildRequest { ChildId = b.ChildId, RevealIds = true })).Child;
        Assert.True(afterB.Active);
        Assert.Equal(a.Golden, afterA.Golden);
        Assert.Equal(b.Golden, afterB.Golden);
        Assert.Equal(b.Records.Select(r => r.SourceId), afterB.Records.Select(r => r.SourceId));
        Assert.Contains(afterB.History, e => e.Kind == "merged");
    }

    [Fact]
    public async Task TheSecondOfTwoStewardsDecidingOnTheSameVersionIsRefusedWithTheCurrentState()
    {
        var first = new Kid("陈雨桐", new DateOnly(2012, 9, 1), 7);
        var second = new Kid("杨子轩", new DateOnly(2012, 9, 2), 9);
        var third = new Kid("赵欣怡", new DateOnly(2012, 9, 3), 11);
        await SubmitAsync(register, [first.Household("CC-1"), second.Household("CC-2"), third.Household("CC-3")], "concurrent");
        var a = await ChildOfAsync(first);
        var b = await ChildOfAsync(second);
        var c = await ChildOfAsync(third);

        await stewards.MergeChildrenAsync(new MergeChildrenRequest
        {
            SurvivorChildId = a.ChildId, SurvivorExpectedVersion = a.Version, AbsorbedChildId = b.ChildId, AbsorbedExpectedVersion = b.Version, Reason = "first steward",
        });
        var refused = await Assert.ThrowsAsync<RpcException>(() => stewards.MergeChildrenAsync(new MergeChildrenRequest
        {
            SurvivorChildId = a.ChildId, SurvivorExpectedVersion = a.Version, AbsorbedChildId = c.ChildId, AbsorbedExpectedVersion = c.Version, Reason = "second steward",
        }).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains($"is now version {a.Version + 1}", refused.Status.Detail);
        Assert.True((await directory.GetChildAsync(new GetChildRequest { ChildId = c.ChildId, RevealIds = true })).Child.Active);
    }

    [Fact]
    public async Task ResolvingANameConflictWithTheRegistersValueSettlesItAndReversingReopensIt()
    {
        var kid = new Kid("周子涵", new DateOnly(2011, 4, 4), 13);
        await SubmitAsync(register, [kid.Household("CF-PS")], "conflict-ps");
        await SubmitAsync(schools, [kid.Student("CF-ED", name: "周紫涵")], "conflict-ed");
        var child = await ChildOfAsync(kid);
        var conflict = child.Conflicts.Single(c => c.Field == "name" && c.Kind == "AuthorityDisagreement");
        Assert.Equal("open", conflict.Status);

        var resolution = await stewards.ResolveConflictAsync(new ResolveConflictRequest
        {
            ConflictId = conflict.ConflictId, ExpectedVersion = conflict.Version, CorrectedValue = "周梓涵", Reason = "birth certificate seen",
        });
        var resolved = (await directory.GetChildAsync(new GetChildRequest { ChildId = child.ChildId, RevealIds = true })).Child;
        Assert.Equal(("周梓涵", "steward"), (resolved.Golden.Single(g => g.Field == "name").Value, resolved.Golden.Single(g => g.Field == "name").Reason));
        Assert.Equal("resolved", resolved.Conflicts.Single(c => c.ConflictId == conflict.ConflictId).Status);

        await stewards.ReverseDecisionAsync(new ReverseDecisionRequest { DecisionId = resolution.DecisionId, Reason = "wrong child" });

        var reversed = (await directory.GetChildAsync(new GetChildRequest { ChildId = child.ChildId, RevealIds = true })).Child;
        Assert.Equal("周子涵", reversed.Golden.Single(g => g.Field == "name").Value);
        Assert.Equal("open", reversed.Conflicts.Single(c => c.ConflictId == conflict.ConflictId).Status);
    }

    [Fact]
    public async Task AnOrphanMarkedDroppedOutOpensADropoutAlertForCivilAffairsAndEducation()
    {
        var kid = new Kid("吴俊杰", new DateOnly(2012, 2, 2), 15);
        await SubmitAsync(welfare, [kid.Welfare("AL1-CA", "orphan", Today(-5))], "alert-dropout-ca");
        await SubmitAsync(schools, [kid.Student("AL1-ED", status: "dropped_out")], "alert-dropout-ed");

        var child = await ChildOfAsync(kid);

        Assert.Equal([Contract.Agency.Education, Contract.Agency.CivilAffairs],
            child.Alerts.Where(a => a.Rule == "VulnerableChildDroppedOut").Select(a => a.Agency).Order());
    }

    [Fact]
    public async Task ADisabledChildUnknownToCivilAffairsOpensAnAlertForCivilAffairs()
    {
        var kid = new Kid("徐佳怡", new DateOnly(2016, 5, 5), 17);
        await SubmitAsync(federation, [kid.Disability("AL2-DF")], "alert-disabled");

        var child = await ChildOfAsync(kid);

        Assert.Contains(child.Alerts, a => a.Rule == "DisabledChildUnknownToCivilAffairs" && a.Agency == Contract.Agency.CivilAffairs && a.Status == "open");
    }

    [Fact]
    public async Task ASchoolAgeChildInTheRegisterButInNoSchoolOpensAnOutOfSchoolAlertThatClosesWhenASchoolReportsThem()
    {
        var kid = new Kid("孙浩宇", new DateOnly(2015, 7, 7), 19);
        await SubmitAsync(register, [kid.Household("AL3-PS")], "alert-school-ps");
        var before = await ChildOfAsync(kid);
        Assert.Contains(before.Alerts, a => a.Rule == "PossiblyOutOfSchool" && a.Agency == Contract.Agency.Education);

        await SubmitAsync(schools, [kid.Student("AL3-ED")], "alert-school-ed");

        var after = await ChildOfAsync(kid);
        Assert.DoesNotContain(after.Alerts, a => a.Rule == "PossiblyOutOfSchool");
    }

    [Fact]
    public async Task ALeftBehindChildLastVisitedFourMonthsAgoOpensAVisitOverdueAlert()
    {
        var kid = new Kid("马梦洁", new DateOnly(2013, 8, 8), 21);
        await SubmitAsync(welfare, [kid.Welfare("AL4-CA", "left_behind", Today(-120))], "alert-visit");

        var child = await ChildOfAsync(kid);

        Assert.Contains(child.Alerts, a => a.Rule == "VisitOverdue" && a.Agency == Contract.Agency.CivilAffairs);
    }

    [Fact]
    public async Task ARecordWhoseIdContradictsItsBirthDateOpensAnIdentityInconsistencyAlert()
    {
        var kid = new Kid("胡雅琪", new DateOnly(2012, 10, 10), 23);
        var record = kid.Household("AL5-PS");
        record.BirthDate = "2012-10-01";
        await SubmitAsync(register, [record], "alert-identity");

        var child = await ChildOfAsync(kid);

        Assert.Contains(child.Alerts, a => a.Rule == "IdentityInconsistency" && a.Agency == Contract.Agency.PublicSecurity);
        Assert.Contains(child.Conflicts, c => c.Kind == "IdBirthDateMismatch");
    }

    [Fact]
    public async Task ARecordTheLinkerCannotReadIsSetAsideAndTheRestIsStillLinked()
    {
        // A stored record whose JSON cannot be read (as a bug or a botched manual repair would leave it), queued first.
        long broken;
        await using (var db = await hub.Services.GetRequiredService<IDbContextFactory<ExchangeDbContext>>().CreateDbContextAsync())
        {
            var record = new SourceRecordEntity
            {
                Agency = "health", SourceId = "BROKEN-1", Version = 1, ContentHash = new byte[32], RawJson = "{not json", NormalizedJson = "{}",
                CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
            };
            record.PendingLinks.Add(new PendingLinkEntity { Version = 1, QueuedAt = DateTime.UtcNow });
            db.SourceRecords.Add(record);
            await db.SaveChangesAsync();
            broken = record.Id;
        }

        var kid = new Kid("钱雨桐", new DateOnly(2012, 8, 30), 17);
        await SubmitAsync(register, [kid.Household("AFTER-BROKEN")], "after-broken");

        Assert.Equal(["AFTER-BROKEN"], (await ChildOfAsync(kid)).Records.Select(r => r.SourceId));
        await using var check = await hub.Services.GetRequiredService<IDbContextFactory<ExchangeDbContext>>().CreateDbContextAsync();
        var entry = await check.PendingLinks.SingleAsync(e => e.SourceRecordId == broken);
        Assert.Equal(DataExchange.Reconciliation.Reconciler.MaxLinkAttempts, entry.Attempts);
        Assert.Contains("JsonException", entry.LastError);
    }

    /// <summary>Submits a batch and waits for the background linker, as a caller would wait for the change feed.</summary>
    private async Task SubmitAsync(Contract.RecordExchange.RecordExchangeClient client, IEnumerable<ChildRecord> records, string batchKey)
    {
        await client.SubmitAsync(records, batchKey);
        await hub.LinkedAsync();
    }

    private async Task<Child> ChildOfAsync(Kid kid)
    {
        var found = await directory.SearchChildrenAsync(new SearchChildrenRequest { IdNumber = kid.Id });
        var hit = Assert.Single(found.Children);
        return (await directory.GetChildAsync(new GetChildRequest { ChildId = hit.ChildId, RevealIds = true })).Child;
    }

    private static string Today(int days) => DateOnly.FromDateTime(DateTime.UtcNow).AddDays(days).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}

public sealed class ReconciliationOnSqlite(SqliteHubFactory hub) : ReconciliationScenarios<SqliteHubFactory>(hub);

public sealed class ReconciliationOnPostgres(PostgresHubFactory hub) : ReconciliationScenarios<PostgresHubFactory>(hub);
