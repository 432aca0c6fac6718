using DataExchange.Api.SecurityTests.Infrastructure;
using DataExchange.Contracts.V1;
using DataExchange.Domain.Agencies;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Agency = DataExchange.Domain.Agencies.Agency;
using Contract = DataExchange.Contracts.V1;

namespace DataExchange.Api.SecurityTests;

/// <summary>Whose record a matrix cell addresses, and under what grant.</summary>
public enum Cell
{
    /// <summary>The caller's own record.</summary>
    Own,

    /// <summary>The next agency's record, stating the purpose of a live grant (case handling: identity and contact).</summary>
    Granted,

    /// <summary>The next agency's record, stating a purpose no grant exists for (statistics).</summary>
    NotGranted,

    /// <summary>The next agency's record, stating the purpose of a revoked grant (dropout control).</summary>
    Revoked,
}

/// <summary>
/// 5 agency systems × every rpc × {own, granted, not granted, revoked}: the expected status of every cell, and
/// exactly one audit entry per call. An rpc missing from <see cref="Expected"/> fails its cells: a new rpc needs a decision here.
/// </summary>
public abstract class AuthorizationMatrixTests(SecurityHub hub)
{
    private static readonly StatusCode Ok = StatusCode.OK;
    private static readonly StatusCode Denied = StatusCode.PermissionDenied;

    /// <summary>The expected status per rpc: own, granted, not granted, revoked. The same for every agency.</summary>
    public static readonly IReadOnlyDictionary<string, StatusCode[]> Expected = new Dictionary<string, StatusCode[]>
    {
        // Writes never reach another agency's record: the agency comes from the token, the other agency's columns are refused.
        ["RecordExchange/SubmitRecords"] = [Ok, Ok, Ok, Ok],
        ["RecordExchange/UpsertRecord"] = [Ok, StatusCode.InvalidArgument, StatusCode.InvalidArgument, StatusCode.InvalidArgument],
        ["RecordExchange/RetractRecord"] = [Ok, StatusCode.NotFound, StatusCode.NotFound, StatusCode.NotFound],
        ["RecordExchange/GetSourceRecord"] = [Ok, Ok, Denied, Denied],
        // Flags only; discloses nothing about the child.
        ["RecordExchange/VerifyIdentity"] = [Ok, Ok, Ok, Ok],
        ["AccessAdmin/ListAgencies"] = [Denied, Denied, Denied, Denied],
        ["AccessAdmin/SetAgencyEnabled"] = [Denied, Denied, Denied, Denied],
        ["AccessAdmin/CreateClient"] = [Denied, Denied, Denied, Denied],
        ["AccessAdmin/RotateClientSecret"] = [Denied, Denied, Denied, Denied],
        ["AccessAdmin/DisableClient"] = [Denied, Denied, Denied, Denied],
        ["AccessAdmin/CreateUser"] = [Denied, Denied, Denied, Denied],
        ["AccessAdmin/DisableUser"] = [Denied, Denied, Denied, Denied],
        ["AccessAdmin/SetUserRoles"] = [Denied, Denied, Denied, Denied],
        ["AccessAdmin/CreateGrant"] = [Denied, Denied, Denied, Denied],
        ["AccessAdmin/ListGrants"] = [Denied, Denied, Denied, Denied],
        ["AccessAdmin/RevokeGrant"] = [Denied, Denied, Denied, Denied],
        ["AuditLog/QueryEntries"] = [Denied, Denied, Denied, Denied],
        ["AuditLog/GetDisclosureReport"] = [Denied, Denied, Denied, Denied],
        ["AuditLog/VerifyChain"] = [Denied, Denied, Denied, Denied],
        // Reconciliation is a data steward's (a person); agency systems are refused. The directory and the feed
        // need children.read, which agency systems hold; an empty request names no child.
        ["Reconciliation/ListReviewCandidates"] = [Denied, Denied, Denied, Denied],
        ["Reconciliation/DecideCandidate"] = [Denied, Denied, Denied, Denied],
        ["Reconciliation/MergeChildren"] = [Denied, Denied, Denied, Denied],
        ["Reconciliation/SplitChild"] = [Denied, Denied, Denied, Denied],
        ["Reconciliation/ResolveConflict"] = [Denied, Denied, Denied, Denied],
        ["Reconciliation/SetAlertStatus"] = [Denied, Denied, Denied, Denied],
        ["Reconciliation/ReverseDecision"] = [Denied, Denied, Denied, Denied],
        // The portal's work queues, dashboard, own account and people administration: people only.
        ["Reconciliation/ListConflicts"] = [Denied, Denied, Denied, Denied],
        ["Reconciliation/ListAlerts"] = [Denied, Denied, Denied, Denied],
        ["Dashboard/GetDashboard"] = [Denied, Denied, Denied, Denied],
        ["Account/GetMyAccount"] = [Denied, Denied, Denied, Denied],
        ["Account/ChangePassword"] = [Denied, Denied, Denied, Denied],
        ["AccessAdmin/ListUsers"] = [Denied, Denied, Denied, Denied],
        ["AccessAdmin/EnableUser"] = [Denied, Denied, Denied, Denied],
        ["AccessAdmin/ResetPassword"] = [Denied, Denied, Denied, Denied],
        ["AccessAdmin/UnlockUser"] = [Denied, Denied, Denied, Denied],
        ["AccessAdmin/ListClients"] = [Denied, Denied, Denied, Denied],
        ["ChildDirectory/GetChild"] = [StatusCode.InvalidArgument, StatusCode.InvalidArgument, StatusCode.InvalidArgument, StatusCode.InvalidArgument],
        ["ChildDirectory/SearchChildren"] = [Ok, Ok, Ok, Ok],
        ["ChildDirectory/GetChildHistory"] = [StatusCode.InvalidArgument, StatusCode.InvalidArgument, StatusCode.InvalidArgument, StatusCode.InvalidArgument],
        ["ChangeFeed/Subscribe"] = [Ok, Ok, Ok, Ok],
    };

    public static IEnumerable<object[]> Cells() =>
        from agency in AgencyCodes.All
        from method in Rpcs.All
        from cell in Enum.GetValues<Cell>()
        select new object[] { agency.ToCode(), $"{method.Service.Name}/{method.Name}", cell };

    private Task SetUpAsync() => World.OnceAsync(hub, "matrix", async () =>
    {
        await World.SeedRecordsAsync(hub);
        foreach (var agency in AgencyCodes.All)
        {
            await World.GrantAsync(hub, agency, World.Next(agency), Contract.Purpose.CaseHandling, [Contract.FieldGroup.Identity, Contract.FieldGroup.Contact]);
            var revoked = await World.GrantAsync(hub, agency, World.Next(agency), Contract.Purpose.DropoutControl, [Contract.FieldGroup.Identity]);
            await World.RevokeAsync(hub, revoked);
        }
    });

    protected async Task CheckCellAsync(string agencyCode, string rpc, Cell cell)
    {
        await SetUpAsync();
        Assert.True(Expected.TryGetValue(rpc, out var row), $"{rpc} is not in the authorization matrix: decide its expected statuses.");
        Assert.True(AgencyCodes.TryParse(agencyCode, out var caller));
        var owner = cell == Cell.Own ? caller : World.Next(caller);
        var method = Rpcs.Named(rpc.Split('/')[0], rpc.Split('/')[1]);
        var before = await hub.AuditCountAsync();
        var ownerBefore = await RecordStateAsync(owner);

        var (status, response, _, detail) = await Rpcs.CallAsync(hub.AgencyInvoker(caller), method, RequestFor(method.Name, caller, owner, cell));

        Assert.True(row[(int)cell] == status, $"{agencyCode} {rpc} {cell}: expected {row[(int)cell]}, got {status} ({detail})");
        Assert.Equal(before + 1, await hub.AuditCountAsync());
        var entry = await LastEntryAsync();
        Assert.Equal(status.ToString(), entry.Outcome);
        Assert.Equal("/dataexchange.v1." + rpc, entry.Rpc);
        Assert.Equal(SecurityHub.ClientIdOf(caller), entry.Principal);
        Assert.DoesNotContain(World.IdNumber(7), entry.Children + entry.Detail + entry.PurposeReference);
        Assert.DoesNotContain("王小明", entry.Children + entry.Detail + entry.PurposeReference);
        if (status != Ok)
        {
            Assert.Null(response);
            Assert.Equal("", entry.FieldGroups);
        }

        if (cell != Cell.Own)
        {
            Assert.Equal(ownerBefore, await RecordStateAsync(owner)); // No cell ever changes another agency's record.
        }

        if (rpc == "RecordExchange/GetSourceRecord" && cell == Cell.Granted)
        {
            var read = (GetSourceRecordResponse)response!;
            Assert.Equal("case_handling", entry.Purpose);
            Assert.Equal("contact,identity", entry.FieldGroups);
            Assert.Equal(read.GrantIds.Single(), entry.Grants);
            Assert.Empty(read.History);
            Assert.Equal(CitizenMask(World.IdNumber(7)), read.Record.Record.IdNumber);
        }
    }

    private static string CitizenMask(string id) => DataExchange.Domain.Identifiers.CitizenIdNumber.Mask(id);

    private static IMessage RequestFor(string method, Agency caller, Agency owner, Cell cell)
    {
        var target = World.FullRecord(owner);
        var purpose = cell switch
        {
            Cell.Granted => Contract.Purpose.CaseHandling,
            Cell.NotGranted => Contract.Purpose.Statistics,
            Cell.Revoked => Contract.Purpose.DropoutControl,
            _ => Contract.Purpose.Unspecified,
        };
        return method switch
        {
            "SubmitRecords" => new SubmitRecordsRequest { BatchKey = $"matrix-{caller.ToCode()}-{cell}-{Guid.NewGuid():N}", Records = { target } },
            "UpsertRecord" => new UpsertRecordRequest { Record = target },
            "RetractRecord" => new RetractRecordRequest { SourceId = target.SourceId, Reason = "matrix" },
            "GetSourceRecord" => new GetSourceRecordRequest
            {
                SourceId = target.SourceId,
                Agency = cell == Cell.Own ? Contract.Agency.Unspecified : (Contract.Agency)(int)owner,
                Purpose = purpose,
                PurposeReference = "case 2026-001",
            },
            "VerifyIdentity" => new VerifyIdentityRequest { IdNumber = target.IdNumber, Name = target.Name },
            _ => (IMessage)Activator.CreateInstance(Rpcs.All.First(descriptor => descriptor.Name == method).InputType.ClrType)!,
        };
    }

    private async Task<string> RecordStateAsync(Agency agency)
    {
        await using var db = await hub.Contexts().CreateDbContextAsync();
        var code = agency.ToCode();
        var record = await db.SourceRecords.AsNoTracking().SingleAsync(entity => entity.Agency == code && entity.SourceId == World.SourceIdOf(agency));
        return $"{record.Version}/{record.Retracted}/{Convert.ToHexString(record.ContentHash)}";
    }

    private async Task<Data.Entities.AuditEntryEntity> LastEntryAsync()
    {
        await using var db = await hub.Contexts().CreateDbContextAsync();
        return await db.AuditEntries.AsNoTracking().OrderByDescending(entry => entry.Sequence).FirstAsync();
    }
}

public sealed class AuthorizationMatrixOnSqlite(SqliteSecurityHub hub) : AuthorizationMatrixTests(hub), IClassFixture<SqliteSecurityHub>
{
    [Theory]
    [MemberData(nameof(Cells))]
    public Task EachAgencyGetsTheExpectedStatusAndOneAuditEntryInEveryCell(string agency, string rpc, Cell cell) => CheckCellAsync(agency, rpc, cell);
}

public sealed class AuthorizationMatrixOnPostgres(PostgresSecurityHub hub) : AuthorizationMatrixTests(hub), IClassFixture<PostgresSecurityHub>
{
    [PostgresTheory]
    [MemberData(nameof(Cells))]
    public Task EachAgencyGetsTheExpectedStatusAndOneAuditEntryInEveryCell(string agency, string rpc, Cell cell) => CheckCellAsync(agency, rpc, cell);
}
