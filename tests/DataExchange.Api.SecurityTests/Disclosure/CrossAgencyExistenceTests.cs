using DataExchange.Api.SecurityTests.Infrastructure;
using DataExchange.Contracts.V1;
using Grpc.Core;
using Agency = DataExchange.Domain.Agencies.Agency;
using Contract = DataExchange.Contracts.V1;

namespace DataExchange.Api.SecurityTests.Disclosure;

/// <summary>
/// GetSourceRecord of another agency's record: a record the caller's grants do not cover must be answered exactly as
/// a record that does not exist (the disclosure rule: "not even that such a record exists"). A grantee whose grant is
/// limited to a region could once tell an uncovered record (PermissionDenied) from an unknown key (NotFound).
/// </summary>
public sealed class CrossAgencyExistenceTests(SqliteSecurityHub hub) : IClassFixture<SqliteSecurityHub>
{
    [Fact]
    public async Task AnUncoveredRecordAndAnUnknownKeyGetTheSameRefusalUnderARegionLimitedGrant()
    {
        await World.SeedRecordsAsync(hub); // health's record m-health lives in region 511102
        await World.GrantAsync(hub, Agency.Education, Agency.Health, Contract.Purpose.CaseHandling, [Contract.FieldGroup.Identity], regions: ["44"]);
        var education = new RecordExchange.RecordExchangeClient(hub.AgencyInvoker(Agency.Education));

        async Task<RpcException> Read(string sourceId) => await Assert.ThrowsAsync<RpcException>(() => education.GetSourceRecordAsync(new GetSourceRecordRequest
        {
            SourceId = sourceId, Agency = Contract.Agency.Health, Purpose = Contract.Purpose.CaseHandling,
        }).ResponseAsync);

        var uncovered = await Read(World.SourceIdOf(Agency.Health));
        var unknown = await Read("no-such-health-record");

        Assert.Equal(StatusCode.PermissionDenied, uncovered.StatusCode);
        Assert.Equal((uncovered.StatusCode, uncovered.Status.Detail), (unknown.StatusCode, unknown.Status.Detail));
    }

    [Fact]
    public async Task WithoutAGrantAnExistingAndAnUnknownRecordGetTheSameRefusal()
    {
        await World.SeedRecordsAsync(hub);
        var disabled = new RecordExchange.RecordExchangeClient(hub.AgencyInvoker(Agency.DisabledFederation));

        async Task<RpcException> Read(string sourceId, Contract.Purpose purpose) => await Assert.ThrowsAsync<RpcException>(() =>
            disabled.GetSourceRecordAsync(new GetSourceRecordRequest { SourceId = sourceId, Agency = Contract.Agency.PublicSecurity, Purpose = purpose }).ResponseAsync);

        foreach (var purpose in new[] { Contract.Purpose.Unspecified, Contract.Purpose.Statistics })
        {
            var existing = await Read(World.SourceIdOf(Agency.PublicSecurity), purpose);
            var unknown = await Read("no-such-household-record", purpose);
            Assert.Equal(StatusCode.PermissionDenied, existing.StatusCode);
            Assert.Equal((existing.StatusCode, existing.Status.Detail), (unknown.StatusCode, unknown.Status.Detail));
        }
    }
}
