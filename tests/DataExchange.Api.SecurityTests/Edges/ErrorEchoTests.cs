using System.Text;
using DataExchange.Api.SecurityTests.Infrastructure;
using DataExchange.Contracts.V1;
using Google.Rpc;
using Grpc.Core;
using Agency = DataExchange.Domain.Agencies.Agency;

namespace DataExchange.Api.SecurityTests.Edges;

/// <summary>
/// Errors quote what the caller sent only in part and escaped: a 4 KB birth_date once became a 4 KB grpc-message
/// and 8 KB of grpc-status-details-bin, and a default client saw ResourceExhausted instead of the reason.
/// </summary>
public sealed class ErrorEchoTests(SqliteSecurityHub hub) : IClassFixture<SqliteSecurityHub>
{
    /// <summary>4 KB of text no header should carry: CJK (9 bytes each percent-encoded), newlines, a bidi override.</summary>
    private static readonly string Hostile = string.Concat(Enumerable.Repeat("生日\r\n\u202e%00", 700))[..4096];

    private RecordExchange.RecordExchangeClient Education => new(hub.AgencyInvoker(Agency.Education));

    [Fact]
    public async Task AFourKilobyteBirthDateGetsAnInvalidArgumentThatNamesTheFieldAndFitsInAHeader()
    {
        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            Education.VerifyIdentityAsync(new VerifyIdentityRequest { IdNumber = World.IdNumber(3), BirthDate = Hostile }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.StartsWith("birth_date: '生日\\u000D\\u000A\\u202E%00", refused.Status.Detail);
        Assert.Equal("birth_date", Assert.Single(refused.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations).Field);
        Replies.AssertBounded(refused);
    }

    [Fact]
    public async Task AnUpsertWithEveryFieldHostileStaysBoundedAndStillNamesTheRecord()
    {
        // 1,000 characters per field and 60 attributes named with control characters: under the record size limit,
        // so every field is checked and some 70 problems are found.
        var value = Hostile[..1000];
        var record = new ChildRecord
        {
            SourceId = "echo-1", IdNumber = value, Name = value, Sex = value, BirthDate = value, RegionCode = value, Address = value,
            Education = new EducationDetails { StudentNo = value, Grade = value, EnrollmentStatus = value, GuardianPhone = value, SchoolName = value },
        };
        for (var i = 0; i < 60; i++)
        {
            record.Attributes[Hostile[..60] + i] = "v";
        }

        var refused = await Assert.ThrowsAsync<RpcException>(() => Education.UpsertRecordAsync(new UpsertRecordRequest { Record = record }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.StartsWith("education record 'echo-1' was refused: ", refused.Status.Detail);
        var violations = refused.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations;
        Assert.Contains(violations, violation => violation.Field == "record.birth_date");
        Assert.Contains("more problems not listed", violations[^1].Description);
        Replies.AssertBounded(refused);
    }

    [Fact]
    public async Task ANotFoundForAFourKilobyteSourceIdQuotesOnlyItsStart()
    {
        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            Education.GetSourceRecordAsync(new GetSourceRecordRequest { SourceId = "x" + Hostile }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, refused.StatusCode);
        Assert.Contains("(4097 characters)", refused.Status.Detail);
        Replies.AssertBounded(refused);
    }

    [Fact]
    public async Task ARejectionEntryQuotesABoundedSourceIdAndReason()
    {
        var record = new ChildRecord
        {
            SourceId = new string('s', 10_000), Name = "王小明", Sex = Hostile, BirthDate = Hostile, RegionCode = Hostile,
            Education = new EducationDetails { Grade = Hostile, EnrollmentStatus = Hostile, GuardianPhone = Hostile },
        };
        using var call = Education.SubmitRecords();
        await call.RequestStream.WriteAsync(new SubmitRecordsRequest { BatchKey = "echo-batch", Records = { record } });
        await call.RequestStream.CompleteAsync();
        var reply = await call.ResponseAsync;

        var rejection = Assert.Single(reply.Rejections);
        Assert.Equal(new string('s', 64), rejection.SourceId);
        Assert.Equal("source_id", rejection.Field);
        Assert.True(Encoding.UTF8.GetByteCount(rejection.Reason) <= 500, $"reason of {Encoding.UTF8.GetByteCount(rejection.Reason)} bytes");
        Assert.DoesNotContain(rejection.Reason, char.IsControl);
    }
}
