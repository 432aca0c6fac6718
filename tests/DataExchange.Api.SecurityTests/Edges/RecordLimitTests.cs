using DataExchange.Api.SecurityTests.Infrastructure;
using DataExchange.Contracts.V1;
using Google.Rpc;
using Grpc.Core;
using Agency = DataExchange.Domain.Agencies.Agency;

namespace DataExchange.Api.SecurityTests.Edges;

/// <summary>
/// A record's size is bounded (64 KiB of text, 100 attributes, names of 64 and values of 2,000 characters, as
/// records.proto says): once, 15 MB values were stored per version until the agency's own reads no longer fit.
/// </summary>
public sealed class RecordLimitTests(SqliteSecurityHub hub) : IClassFixture<SqliteSecurityHub>
{
    private RecordExchange.RecordExchangeClient Education => new(hub.AgencyInvoker(Agency.Education));

    private static ChildRecord Record(string sourceId, Action<ChildRecord>? change = null)
    {
        var record = World.FullRecord(Agency.Education);
        record.SourceId = sourceId;
        change?.Invoke(record);
        return record;
    }

    [Fact]
    public async Task AnUpsertWithAFifteenMegabyteAttributeIsInvalidArgumentNamingTheRecordAndNothingIsStored()
    {
        var huge = Record("limits-huge", record => record.Attributes["remark"] = new string('备', 5_000_000));

        var refused = await Assert.ThrowsAsync<RpcException>(() => Education.UpsertRecordAsync(new UpsertRecordRequest { Record = huge }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Contains("'limits-huge'", refused.Status.Detail);
        Assert.Equal("record", Assert.Single(refused.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations).Field);
        Replies.AssertBounded(refused);
        var read = await Assert.ThrowsAsync<RpcException>(() => Education.GetSourceRecordAsync(new GetSourceRecordRequest { SourceId = "limits-huge" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, read.StatusCode);
    }

    [Fact]
    public async Task AnOverlongAttributeValueAndTooManyAttributesAreNamedByField()
    {
        var longValue = Record("limits-long", record => record.Attributes["remark"] = new string('x', 2001));
        var tooMany = Record("limits-many", record =>
        {
            for (var i = 0; i < 101; i++)
            {
                record.Attributes[$"c{i}"] = "v";
            }
        });
        var badName = Record("limits-name", record => record.Attributes["bad\u0001name"] = "v");

        var fields = new List<string>();
        foreach (var record in new[] { longValue, tooMany, badName })
        {
            var refused = await Assert.ThrowsAsync<RpcException>(() => Education.UpsertRecordAsync(new UpsertRecordRequest { Record = record }).ResponseAsync);
            Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
            Assert.Contains($"'{record.SourceId}'", refused.Status.Detail);
            fields.Add(Assert.Single(refused.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations).Field);
        }

        Assert.Equal(["record.attributes[remark]", "record.attributes", "record.attributes[bad\\u0001name]"], fields.ToArray());
    }

    [Fact]
    public async Task ABatchRejectsOversizedRecordsByNameAndStoresTheRestIncludingALargeRealisticOne()
    {
        var large = Record("limits-batch-large", record =>
        {
            // 100 attributes (clerk_note and 99 more) of 150 characters each, 45 KB: far beyond any real exchange file,
            // still within the limits.
            for (var i = 0; i < 99; i++)
            {
                record.Attributes[$"column_{i}"] = new string('记', 150);
            }
        });
        var records = new[]
        {
            Record("limits-batch-ok"),
            Record("limits-batch-huge", record => record.Attributes["remark"] = new string('y', 70_000)),
            large,
            Record("limits-batch-long", record => record.Attributes["remark"] = new string('z', 3000)),
        };

        using var call = Education.SubmitRecords();
        await call.RequestStream.WriteAsync(new SubmitRecordsRequest { BatchKey = "limits-batch", Records = { records } });
        await call.RequestStream.CompleteAsync();
        var reply = await call.ResponseAsync;

        Assert.Equal((2, 2), (reply.Accepted, reply.Rejected));
        Assert.Equal([(1, "limits-batch-huge", "record"), (3, "limits-batch-long", "attributes[remark]")],
            reply.Rejections.Select(rejection => (rejection.Index, rejection.SourceId, rejection.Field)));
        var stored = await Education.GetSourceRecordAsync(new GetSourceRecordRequest { SourceId = "limits-batch-large" });
        Assert.Equal(100, stored.Record.Record.Attributes.Count);
    }
}
