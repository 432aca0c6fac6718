using DataExchange.Api.SecurityTests.Infrastructure;
using DataExchange.Contracts.V1;
using Agency = DataExchange.Domain.Agencies.Agency;

namespace DataExchange.Api.SecurityTests.Edges;

/// <summary>
/// Promises of record_exchange.proto that cross agencies: a batch key is the calling agency's own (another agency's
/// identical key is not a replay), and VerifyIdentity's "known" means a current record (a retracted one no longer counts).
/// </summary>
public sealed class RecordPromiseTests(SqliteSecurityHub hub) : IClassFixture<SqliteSecurityHub>
{
    [Fact]
    public async Task TheSameBatchKeyFromAnotherAgencyIsNotAReplayAndStoresItsRecords()
    {
        var education = new RecordExchange.RecordExchangeClient(hub.AgencyInvoker(Agency.Education));
        var health = new RecordExchange.RecordExchangeClient(hub.AgencyInvoker(Agency.Health));
        var student = World.FullRecord(Agency.Education);
        student.SourceId = "batch-key-student";
        var patient = World.FullRecord(Agency.Health);
        patient.SourceId = "batch-key-patient";

        var first = await SubmitAsync(education, "2026-12-shared-key", student);
        var other = await SubmitAsync(health, "2026-12-shared-key", patient);
        var resent = await SubmitAsync(education, "2026-12-shared-key", student);

        Assert.Equal((1, false), (first.Accepted, first.Replayed));
        Assert.Equal((1, false), (other.Accepted, other.Replayed));
        Assert.Equal((0, 1, true), (resent.Accepted, resent.Unchanged, resent.Replayed));
        Assert.Equal(1, (await health.GetSourceRecordAsync(new GetSourceRecordRequest { SourceId = "batch-key-patient" })).Record.Version);
    }

    [Fact]
    public async Task ARetractedRecordNoLongerMakesItsIdNumberKnown()
    {
        var household = new RecordExchange.RecordExchangeClient(hub.AgencyInvoker(Agency.PublicSecurity));
        var schools = new RecordExchange.RecordExchangeClient(hub.AgencyInvoker(Agency.Education));
        var record = World.FullRecord(Agency.PublicSecurity);
        record.SourceId = "verify-retracted";
        record.IdNumber = World.IdNumber(333);
        record.BirthDate = "2015-03-" + record.IdNumber.Substring(12, 2);
        await household.UpsertRecordAsync(new UpsertRecordRequest { Record = record });
        var before = await schools.VerifyIdentityAsync(new VerifyIdentityRequest { IdNumber = record.IdNumber, Name = record.Name });

        await household.RetractRecordAsync(new RetractRecordRequest { SourceId = "verify-retracted", Reason = "entered in error" });
        var after = await schools.VerifyIdentityAsync(new VerifyIdentityRequest { IdNumber = record.IdNumber, Name = record.Name });

        Assert.Equal((true, Agreement.Match), (before.Known, before.Name));
        Assert.Equal((false, Agreement.NotChecked), (after.Known, after.Name));
    }

    [Fact]
    public async Task AnUpsertIsLinkedBeforeItRepliesAndARetractionUnlinksBeforeItReplies()
    {
        // "UpsertRecord and RetractRecord link before they reply": the very next read sees the child, no waiting.
        var disabled = new RecordExchange.RecordExchangeClient(hub.AgencyInvoker(Agency.DisabledFederation));
        var directory = new ChildDirectory.ChildDirectoryClient(hub.AgencyInvoker(Agency.DisabledFederation));
        var record = World.FullRecord(Agency.DisabledFederation);
        record.SourceId = "linked-before-reply";
        record.IdNumber = World.IdNumber(444);
        record.BirthDate = "2015-03-" + record.IdNumber.Substring(12, 2);
        record.DisabledFederation.DisabilityCertNo = record.IdNumber + "42";

        await disabled.UpsertRecordAsync(new UpsertRecordRequest { Record = record });
        var found = await directory.SearchChildrenAsync(new SearchChildrenRequest { IdNumber = record.IdNumber });
        var child = Assert.Single(found.Children);
        Assert.Single((await directory.GetChildAsync(new GetChildRequest { ChildId = child.ChildId })).Child.Records);

        await disabled.RetractRecordAsync(new RetractRecordRequest { SourceId = "linked-before-reply", Reason = "entered in error" });
        Assert.Equal(0, (await directory.SearchChildrenAsync(new SearchChildrenRequest { IdNumber = record.IdNumber })).Total);
    }

    private static async Task<SubmitRecordsResponse> SubmitAsync(RecordExchange.RecordExchangeClient client, string batchKey, ChildRecord record)
    {
        using var call = client.SubmitRecords(deadline: DateTime.UtcNow.AddMinutes(1));
        await call.RequestStream.WriteAsync(new SubmitRecordsRequest { BatchKey = batchKey, Records = { record } });
        await call.RequestStream.CompleteAsync();
        return await call.ResponseAsync;
    }
}
