using DataExchange.Api.FunctionalTests.Infrastructure;
using DataExchange.Contracts.V1;
using Google.Rpc;
using Grpc.Core;
using Agency = DataExchange.Domain.Agencies.Agency;

namespace DataExchange.Api.FunctionalTests.RecordExchange;

/// <summary>What an agency system sees of record exchange, run against each real database provider.</summary>
public abstract class RecordExchangeScenarios<TFactory>(TFactory hub) : IClassFixture<TFactory>
    where TFactory : HubFactory
{
    private readonly Contracts.V1.RecordExchange.RecordExchangeClient householdRegister = hub.RecordExchangeFor(Agency.PublicSecurity);
    private readonly Contracts.V1.RecordExchange.RecordExchangeClient schools = hub.RecordExchangeFor(Agency.Education);

    [Fact]
    public async Task StreamingATenThousandRecordBatchStoresEveryRecord()
    {
        var reply = await householdRegister.SubmitAsync(Records.HouseholdBatch("TENK", 10_000), "ten-thousand");

        Assert.Equal((10_000, 0, 0), (reply.Accepted, reply.Unchanged, reply.Rejected));
        var last = await householdRegister.GetSourceRecordAsync(new GetSourceRecordRequest { SourceId = "TENK009999" });
        Assert.Equal(1, last.Record.Version);
        Assert.Equal("张梓涵", last.Record.Normalized.Name);
    }

    [Fact]
    public async Task SubmittingTheSameBatchTwiceStoresItOnce()
    {
        var batch = Records.HouseholdBatch("TWICE", 2_000).ToList();

        var first = await householdRegister.SubmitAsync(batch, "twice");
        var second = await householdRegister.SubmitAsync(batch, "twice");

        Assert.Equal((2_000, 0, false), (first.Accepted, first.Unchanged, first.Replayed));
        Assert.Equal((0, 2_000, true), (second.Accepted, second.Unchanged, second.Replayed));
        var stored = await householdRegister.GetSourceRecordAsync(new GetSourceRecordRequest { SourceId = "TWICE000042" });
        Assert.Single(stored.History);
    }

    [Fact]
    public async Task AChangedRecordBecomesVersionTwo()
    {
        var record = Records.Household("CHANGED1", 7);
        await householdRegister.UpsertRecordAsync(new UpsertRecordRequest { Record = record });
        var changed = record.Clone();
        changed.Address = "四川省乐山市沐川县岭东镇田溪村10组16号";

        var reply = await householdRegister.SubmitAsync([changed], "changed-once");

        Assert.Equal(1, reply.Accepted);
        var stored = await householdRegister.GetSourceRecordAsync(new GetSourceRecordRequest { SourceId = "CHANGED1" });
        Assert.Equal(2, stored.Record.Version);
        Assert.Equal([1, 2], stored.History.Select(version => version.Version));
        Assert.Equal("四川省乐山市市中区凤南村4组44号", stored.History[0].Record.Address);
        Assert.Equal(changed.Address, stored.Record.Record.Address);
    }

    [Fact]
    public async Task ABatchWithThreeBadRecordsRejectsExactlyThoseThreeAndStoresTheRest()
    {
        var batch = Records.HouseholdBatch("BAD", 50).ToList();
        batch[3].BirthDate = "2015-02-30";
        batch[17].IdNumber = "51110220150307A12X";
        batch[40].Sex = "unknown";

        var reply = await householdRegister.SubmitAsync(batch, "three-bad", chunkSize: 20);

        Assert.Equal((47, 3), (reply.Accepted, reply.Rejected));
        Assert.Equal(
            [(3, "BAD000003", "birth_date"), (17, "BAD000017", "id_number"), (40, "BAD000040", "sex")],
            reply.Rejections.Select(rejection => (rejection.Index, rejection.SourceId, rejection.Field)));
        Assert.All(reply.Rejections, rejection => Assert.False(string.IsNullOrWhiteSpace(rejection.Reason)));
        var missing = await Assert.ThrowsAsync<RpcException>(() =>
            householdRegister.GetSourceRecordAsync(new GetSourceRecordRequest { SourceId = "BAD000017" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        Assert.Equal(1, (await householdRegister.GetSourceRecordAsync(new GetSourceRecordRequest { SourceId = "BAD000018" })).Record.Version);
    }

    [Fact]
    public async Task ARetractedRecordStaysInHistory()
    {
        await householdRegister.UpsertRecordAsync(new UpsertRecordRequest { Record = Records.Household("RETRACT1", 11) });

        var retracted = await householdRegister.RetractRecordAsync(new RetractRecordRequest { SourceId = "RETRACT1", Reason = "registered twice" });
        var again = await householdRegister.RetractRecordAsync(new RetractRecordRequest { SourceId = "RETRACT1", Reason = "registered twice" });

        Assert.True(retracted.Record.Retracted);
        Assert.True(again.Unchanged);
        var stored = await householdRegister.GetSourceRecordAsync(new GetSourceRecordRequest { SourceId = "RETRACT1" });
        Assert.Equal(2, stored.Record.Version);
        Assert.Equal([false, true], stored.History.Select(version => version.Retracted));
        Assert.Equal("registered twice", stored.History[1].Reason);
        Assert.Equal("张梓涵", stored.History[0].Record.Name);
    }

    [Fact]
    public async Task VerifyIdentityTellsAKnownAnUnknownAndAMalformedIdApart()
    {
        var known = Records.IdNumber(501, new DateOnly(2012, 6, 1));
        var record = Records.Household("VERIFY1", 501);
        record.IdNumber = known;
        record.BirthDate = "2012-06-01";
        record.Name = "王小明";
        await householdRegister.UpsertRecordAsync(new UpsertRecordRequest { Record = record });

        var knownReply = await schools.VerifyIdentityAsync(new VerifyIdentityRequest { IdNumber = known.ToLowerInvariant(), Name = "王小明", BirthDate = "2012/06/01", Sex = "F" });
        var unknownReply = await schools.VerifyIdentityAsync(new VerifyIdentityRequest { IdNumber = Records.IdNumber(502, new DateOnly(2012, 6, 1)) });
        var malformedReply = await schools.VerifyIdentityAsync(new VerifyIdentityRequest { IdNumber = known[..17] + (known[17] == '0' ? '1' : '0') });

        Assert.True(knownReply.WellFormed);
        Assert.True(knownReply.Known);
        Assert.Equal((Agreement.Match, Agreement.Match, Agreement.Mismatch), (knownReply.Name, knownReply.BirthDate, knownReply.Sex)); // 501: odd, male
        Assert.True(unknownReply.WellFormed);
        Assert.False(unknownReply.Known);
        Assert.False(malformedReply.WellFormed);
        Assert.Contains("check character", malformedReply.Problem);
    }

    [Fact]
    public async Task OneAgencyCannotOverwriteAnothersRecord()
    {
        await householdRegister.UpsertRecordAsync(new UpsertRecordRequest { Record = Records.Household("SHARED-KEY-1", 21, name: "刘洋") });

        // Education sends household columns under the same key: refused, and the household record is untouched.
        var forged = Records.Household("SHARED-KEY-1", 21, name: "改名");
        var reply = await schools.SubmitAsync([forged], "forgery");
        var ownKey = await schools.UpsertRecordAsync(new UpsertRecordRequest { Record = Records.Student("SHARED-KEY-1", 21, name: "刘洋洋") });

        Assert.Equal("details", Assert.Single(reply.Rejections).Field);
        Assert.Equal(Contracts.V1.Agency.Education, ownKey.Record.Agency);
        var household = await householdRegister.GetSourceRecordAsync(new GetSourceRecordRequest { SourceId = "SHARED-KEY-1" });
        Assert.Equal(("刘洋", 1), (household.Record.Record.Name, household.Record.Version));
    }

    [Fact]
    public async Task AMalformedRequestGetsInvalidArgumentWithFieldViolations()
    {
        var empty = await Assert.ThrowsAsync<RpcException>(() => householdRegister.UpsertRecordAsync(new UpsertRecordRequest()).ResponseAsync);
        var bad = Records.Household("MALFORMED1", 3);
        bad.RegionCode = "51A";
        var invalid = await Assert.ThrowsAsync<RpcException>(() => householdRegister.UpsertRecordAsync(new UpsertRecordRequest { Record = bad }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, empty.StatusCode);
        Assert.Equal("record", Assert.Single(empty.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations).Field);
        Assert.Equal("record.region_code", Assert.Single(invalid.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations).Field);
    }

    [Fact]
    public async Task AnUpsertAgainstAStaleVersionIsRefused()
    {
        var record = Records.Household("STALE1", 5);
        await householdRegister.UpsertRecordAsync(new UpsertRecordRequest { Record = record, ExpectedVersion = 0 });
        record.Address = "新地址";
        await householdRegister.UpsertRecordAsync(new UpsertRecordRequest { Record = record, ExpectedVersion = 1 });
        record.Address = "又一个地址";

        var stale = await Assert.ThrowsAsync<RpcException>(() =>
            householdRegister.UpsertRecordAsync(new UpsertRecordRequest { Record = record, ExpectedVersion = 1 }).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, stale.StatusCode);
        Assert.Contains("version 2", stale.Status.Detail);
    }

    [Fact]
    public async Task ExtraColumnsAreKeptAsAttributes()
    {
        var record = Records.Household("ATTRS1", 9);
        record.Attributes["village_committee"] = "凤南村委会";

        await householdRegister.UpsertRecordAsync(new UpsertRecordRequest { Record = record });

        var stored = await householdRegister.GetSourceRecordAsync(new GetSourceRecordRequest { SourceId = "ATTRS1" });
        Assert.Equal("凤南村委会", stored.Record.Record.Attributes["village_committee"]);
    }
}

public sealed class RecordExchangeOnSqlite(SqliteHubFactory hub) : RecordExchangeScenarios<SqliteHubFactory>(hub);

public sealed class RecordExchangeOnPostgres(PostgresHubFactory hub) : RecordExchangeScenarios<PostgresHubFactory>(hub);
