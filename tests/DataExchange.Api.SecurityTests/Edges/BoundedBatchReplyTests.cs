using DataExchange.Api.SecurityTests.Infrastructure;
using DataExchange.Contracts.V1;
using DataExchange.Data.Providers;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Agency = DataExchange.Domain.Agencies.Agency;

namespace DataExchange.Api.SecurityTests.Edges;

/// <summary>
/// A batch reply stays small whatever the batch (the first 1,000 rejections, exact counts, how many were omitted),
/// and the audit entry says what the caller received: once, 1,000,000 rejected records were audited OK while the
/// client got ResourceExhausted because the reply passed the 32 MB send limit.
/// </summary>
public sealed class BoundedBatchReplyTests(SqliteSecurityHub hub) : IClassFixture<SqliteSecurityHub>
{
    private const int Refused = 50_000;

    [Fact]
    public async Task FiftyThousandRejectedRecordsGetACappedListExactCountsAndATruthfulAuditEntry()
    {
        var reply = await SubmitRejectedAsync(hub, "bounded-50k", Refused);

        Assert.Equal((0, Refused, 1000, Refused - 1000), (reply.Accepted, reply.Rejected, reply.Rejections.Count, reply.RejectionsOmitted));
        Assert.Equal(Enumerable.Range(0, 1000), reply.Rejections.Select(rejection => rejection.Index));
        Assert.True(reply.CalculateSize() < 512 * 1024, $"reply of {reply.CalculateSize()} bytes");
        var entry = await LastEntryAsync(hub, "SubmitRecords");
        Assert.Equal("OK", entry.Outcome);
        Assert.Contains($"{Refused} rejected (1000 listed, {Refused - 1000} omitted)", entry.Detail);
    }

    [Fact]
    public async Task AReplyOverTheSendLimitIsRefusedAndAuditedAsRefused()
    {
        await using var small = new SmallRepliesHub();
        var refused = await Assert.ThrowsAsync<RpcException>(() => SubmitRejectedAsync(small, "bounded-small", 1000));

        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Contains("larger than the hub sends in one message", refused.Status.Detail);
        var entry = await LastEntryAsync(small, "SubmitRecords");
        Assert.Equal("ResourceExhausted", entry.Outcome);
        Assert.StartsWith("reply of ", entry.Detail);
    }

    /// <summary>Sends <paramref name="count"/> records that are all refused (sex "Q"), in chunks of 5,000.</summary>
    private static async Task<SubmitRecordsResponse> SubmitRejectedAsync(SecurityHub host, string batchKey, int count)
    {
        var client = new RecordExchange.RecordExchangeClient(host.AgencyInvoker(Agency.Education));
        using var call = client.SubmitRecords(deadline: DateTime.UtcNow.AddMinutes(5));
        for (var start = 0; start < count; start += 5000)
        {
            var message = new SubmitRecordsRequest { BatchKey = batchKey };
            for (var i = start; i < Math.Min(count, start + 5000); i++)
            {
                message.Records.Add(new ChildRecord { SourceId = $"refused-{i}", Name = "王小明", Sex = "Q" });
            }

            await call.RequestStream.WriteAsync(message);
        }

        await call.RequestStream.CompleteAsync();
        return await call.ResponseAsync;
    }

    private static async Task<Data.Entities.AuditEntryEntity> LastEntryAsync(SecurityHub host, string rpc)
    {
        await using var db = await host.Contexts().CreateDbContextAsync();
        return await db.AuditEntries.AsNoTracking().Where(entry => entry.Rpc.EndsWith("/" + rpc))
            .OrderByDescending(entry => entry.Sequence).FirstAsync();
    }

    /// <summary>A host that sends at most 16 KB per message: 1,000 listed rejections do not fit.</summary>
    private sealed class SmallRepliesHub() : SecurityHub(DatabaseProvider.Sqlite)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Grpc:MaxSendMessageBytes", "16384");
        }
    }
}
