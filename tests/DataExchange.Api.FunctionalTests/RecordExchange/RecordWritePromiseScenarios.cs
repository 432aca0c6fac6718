using DataExchange.Api.FunctionalTests.Infrastructure;
using DataExchange.Contracts.V1;
using Google.Rpc;
using Grpc.Core;
using Agency = DataExchange.Domain.Agencies.Agency;

namespace DataExchange.Api.FunctionalTests.RecordExchange;

/// <summary>
/// The write promises of record_exchange.proto an agency's system leans on when it retries or sends odd input:
/// generated batch keys, the same record twice in one stream, expected_version 0, retracting what does not exist.
/// </summary>
public abstract class RecordWritePromiseScenarios<TFactory>(TFactory hub) : IClassFixture<TFactory>
    where TFactory : HubFactory
{
    private readonly Contracts.V1.RecordExchange.RecordExchangeClient householdRegister = hub.RecordExchangeFor(Agency.PublicSecurity);

    [Fact]
    public async Task ABatchSentWithoutAKeyGetsAGeneratedOneAndIsNeverTakenForAReplay()
    {
        var batch = Records.HouseholdBatch("NOKEY", 3).ToList();

        var first = await householdRegister.SubmitAsync(batch, "");
        var second = await householdRegister.SubmitAsync(batch, "");

        Assert.NotEqual("", first.BatchKey);
        Assert.NotEqual(first.BatchKey, second.BatchKey);
        Assert.Equal((3, 0, false), (first.Accepted, first.Unchanged, first.Replayed));
        Assert.Equal((0, 3, false), (second.Accepted, second.Unchanged, second.Replayed));
    }

    [Fact]
    public async Task TheSameRecordTwiceInOneBatchIsCountedTwiceAndStoredOnceEachVersion()
    {
        // A clerk's export that lists a record twice, once as corrected: both are counted, the batch survives, and the
        // record ends as the last one sent.
        var original = Records.Household("TWICE-IN-ONE", 31);
        var corrected = original.Clone();
        corrected.Address = "四川省乐山市沐川县岭东镇田溪村10组16号";

        var reply = await householdRegister.SubmitAsync([original, original.Clone(), corrected], "twice-in-one-batch");

        Assert.Equal(3, reply.Accepted + reply.Unchanged + reply.Rejected);
        Assert.Equal(0, reply.Rejected);
        var stored = await householdRegister.GetSourceRecordAsync(new GetSourceRecordRequest { SourceId = "TWICE-IN-ONE" });
        Assert.Equal(corrected.Address, stored.Record.Record.Address);
        Assert.Equal(stored.Record.Version, stored.History.Count);
        Assert.Equal(reply.Accepted, stored.History.Count);
    }

    [Fact]
    public async Task ExpectedVersionZeroRefusesARecordThatAlreadyExistsAndChangesNothing()
    {
        var record = Records.Household("MUST-BE-NEW", 33);
        var created = await householdRegister.UpsertRecordAsync(new UpsertRecordRequest { Record = record, ExpectedVersion = 0 });
        var changed = record.Clone();
        changed.Address = "新地址";

        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            householdRegister.UpsertRecordAsync(new UpsertRecordRequest { Record = changed, ExpectedVersion = 0 }).ResponseAsync);

        Assert.Equal(1, created.Record.Version);
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains("MUST-BE-NEW", refused.Status.Detail);
        var stored = await householdRegister.GetSourceRecordAsync(new GetSourceRecordRequest { SourceId = "MUST-BE-NEW" });
        Assert.Equal((1, record.Address), (stored.Record.Version, stored.Record.Record.Address));
    }

    [Fact]
    public async Task RetractingAnUnknownRecordIsNotFoundNamingItAndAnEmptyKeyIsInvalidArgument()
    {
        var unknown = await Assert.ThrowsAsync<RpcException>(() =>
            householdRegister.RetractRecordAsync(new RetractRecordRequest { SourceId = "NEVER-SENT-1", Reason = "duplicate" }).ResponseAsync);
        var empty = await Assert.ThrowsAsync<RpcException>(() =>
            householdRegister.RetractRecordAsync(new RetractRecordRequest { SourceId = "  ", Reason = "duplicate" }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("NEVER-SENT-1", unknown.Status.Detail);
        Assert.Equal(StatusCode.InvalidArgument, empty.StatusCode);
        Assert.Equal("source_id", Assert.Single(empty.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations).Field);
    }

    [Fact]
    public async Task ABatchKeyChangedMidStreamIsRefusedNamingTheField()
    {
        using var call = householdRegister.SubmitRecords(deadline: DateTime.UtcNow.AddMinutes(1));
        await call.RequestStream.WriteAsync(new SubmitRecordsRequest { BatchKey = "key-one", Records = { Records.Household("KEYSWAP1", 41) } });
        await call.RequestStream.WriteAsync(new SubmitRecordsRequest { BatchKey = "key-two", Records = { Records.Household("KEYSWAP2", 42) } });
        await call.RequestStream.CompleteAsync();

        var refused = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Equal("batch_key", Assert.Single(refused.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations).Field);
    }
}

public sealed class RecordWritePromisesOnSqlite(SqliteHubFactory hub) : RecordWritePromiseScenarios<SqliteHubFactory>(hub);

public sealed class RecordWritePromisesOnPostgres(PostgresHubFactory hub) : RecordWritePromiseScenarios<PostgresHubFactory>(hub);
