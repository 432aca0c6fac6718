using DataExchange.Api.SecurityTests.Infrastructure;
using DataExchange.Contracts.V1;
using Google.Rpc;
using Grpc.Core;
using Agency = DataExchange.Domain.Agencies.Agency;
using ReconciliationClient = DataExchange.Contracts.V1.Reconciliation.ReconciliationClient;

namespace DataExchange.Api.SecurityTests.Edges;

/// <summary>
/// Every paged rpc pages the same way: a page past the end is empty with the true total, a negative page or size
/// is InvalidArgument naming the field. Page 2^31-1 once wrapped round to the first page.
/// </summary>
public sealed class PagingTests(SqliteSecurityHub hub) : IClassFixture<SqliteSecurityHub>
{
    [Fact]
    public async Task SearchChildrenPastTheLastPageIsEmptyWithTheTrueTotal()
    {
        await World.SeedRecordsAsync(hub);
        var directory = new ChildDirectory.ChildDirectoryClient(hub.AgencyInvoker(Agency.Education));
        var first = await WaitForChildrenAsync(directory);

        foreach (var (page, size) in new[] { (int.MaxValue, 0), (int.MaxValue, 20), (int.MaxValue, 200), (107_374_183, 20), (1_000_000, 1) })
        {
            var far = await directory.SearchChildrenAsync(new SearchChildrenRequest { Page = page, PageSize = size });
            Assert.True(far.Children.Count == 0, $"page {page} of {size} returned {far.Children.Count} children");
            Assert.Equal(first.Total, far.Total);
        }
    }

    [Fact]
    public async Task NegativePagesAndSizesAreInvalidArgumentOnEveryPagedRpc()
    {
        await World.CreateUserAsync(hub, "pager@edge.test", Agency.CivilAffairs, Role.Steward, Role.Auditor);
        var person = hub.Invoker(hub.UserToken("pager@edge.test", World.PersonPassword, "openid reconcile audit.read"));
        var directory = new ChildDirectory.ChildDirectoryClient(hub.AgencyInvoker(Agency.Education));
        var reconciliation = new ReconciliationClient(person);
        var audit = new AuditLog.AuditLogClient(person);
        var admin = World.Admin(hub);

        var calls = new (string Field, Func<Task> Call)[]
        {
            ("page", () => directory.SearchChildrenAsync(new SearchChildrenRequest { Page = -1 }).ResponseAsync),
            ("page", () => directory.SearchChildrenAsync(new SearchChildrenRequest { Page = int.MinValue }).ResponseAsync),
            ("page_size", () => directory.SearchChildrenAsync(new SearchChildrenRequest { PageSize = -5 }).ResponseAsync),
            ("page", () => reconciliation.ListReviewCandidatesAsync(new ListReviewCandidatesRequest { Page = -1 }).ResponseAsync),
            ("page_size", () => reconciliation.ListReviewCandidatesAsync(new ListReviewCandidatesRequest { PageSize = -1 }).ResponseAsync),
            ("page", () => reconciliation.ListConflictsAsync(new ListConflictsRequest { Page = -1 }).ResponseAsync),
            ("page_size", () => reconciliation.ListConflictsAsync(new ListConflictsRequest { PageSize = -1 }).ResponseAsync),
            ("page", () => reconciliation.ListAlertsAsync(new ListAlertsRequest { Page = int.MinValue }).ResponseAsync),
            ("page_size", () => reconciliation.ListAlertsAsync(new ListAlertsRequest { PageSize = -1 }).ResponseAsync),
            ("page_size", () => audit.QueryEntriesAsync(new QueryEntriesRequest { PageSize = -1 }).ResponseAsync),
            ("page_token", () => audit.QueryEntriesAsync(new QueryEntriesRequest { PageToken = "-1" }).ResponseAsync),
            ("page_token", () => audit.QueryEntriesAsync(new QueryEntriesRequest { PageToken = "next" }).ResponseAsync),
            ("page_size", () => admin.ListGrantsAsync(new ListGrantsRequest { PageSize = -1 }).ResponseAsync),
            ("page_token", () => admin.ListGrantsAsync(new ListGrantsRequest { PageToken = "-50" }).ResponseAsync),
            ("page_size", () => admin.ListUsersAsync(new ListUsersRequest { PageSize = -1 }).ResponseAsync),
            ("page_token", () => admin.ListUsersAsync(new ListUsersRequest { PageToken = "next" }).ResponseAsync),
            ("page_size", () => admin.ListClientsAsync(new ListClientsRequest { PageSize = -1 }).ResponseAsync),
            ("page_token", () => admin.ListClientsAsync(new ListClientsRequest { PageToken = "-50" }).ResponseAsync),
        };
        foreach (var (field, call) in calls)
        {
            var refused = await Assert.ThrowsAsync<RpcException>(call);
            Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
            Assert.Equal(field, Assert.Single(refused.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations).Field);
        }
    }

    [Fact]
    public async Task ReviewCandidatesAndGrantsPastTheEndAreEmptyNotTheFirstPage()
    {
        await World.CreateUserAsync(hub, "pager2@edge.test", Agency.CivilAffairs, Role.Steward);
        var reconciliation = new ReconciliationClient(hub.Invoker(hub.UserToken("pager2@edge.test", World.PersonPassword, "openid reconcile")));
        var firstCandidates = await reconciliation.ListReviewCandidatesAsync(new ListReviewCandidatesRequest());
        var farCandidates = await reconciliation.ListReviewCandidatesAsync(new ListReviewCandidatesRequest { Page = int.MaxValue, PageSize = 200 });
        Assert.Empty(farCandidates.Candidates);
        Assert.Equal(firstCandidates.Total, farCandidates.Total);

        await World.GrantAsync(hub, Agency.Education, Agency.Health, Contracts.V1.Purpose.DropoutControl, [Contracts.V1.FieldGroup.Identity]);
        var admin = World.Admin(hub);
        Assert.NotEmpty((await admin.ListGrantsAsync(new ListGrantsRequest())).Grants);
        foreach (var token in new[] { "2147483647", "2147483648", "9223372036854775807" })
        {
            var far = await admin.ListGrantsAsync(new ListGrantsRequest { PageToken = token, PageSize = 200 });
            Assert.Empty(far.Grants);
            Assert.Equal("", far.NextPageToken);
            var users = await admin.ListUsersAsync(new ListUsersRequest { PageToken = token, PageSize = 200 });
            Assert.Empty(users.Users);
            Assert.Equal("", users.NextPageToken);
            var clients = await admin.ListClientsAsync(new ListClientsRequest { PageToken = token, PageSize = 200 });
            Assert.Empty(clients.Clients);
            Assert.Equal("", clients.NextPageToken);
        }
    }

    [Fact]
    public async Task ConflictAndAlertPagesPastTheEndAreEmptyWithTheTrueTotalAndCounts()
    {
        await World.CreateUserAsync(hub, "pager3@edge.test", Agency.CivilAffairs, Role.Steward);
        var reconciliation = new ReconciliationClient(hub.Invoker(hub.UserToken("pager3@edge.test", World.PersonPassword, "openid reconcile")));

        foreach (var (page, size) in new[] { (int.MaxValue, 0), (int.MaxValue, 200), (107_374_183, 20) })
        {
            var firstConflicts = await reconciliation.ListConflictsAsync(new ListConflictsRequest());
            var farConflicts = await reconciliation.ListConflictsAsync(new ListConflictsRequest { Page = page, PageSize = size });
            Assert.Empty(farConflicts.Conflicts);
            Assert.Equal((firstConflicts.Total, firstConflicts.StatusCounts), (farConflicts.Total, farConflicts.StatusCounts));

            var firstAlerts = await reconciliation.ListAlertsAsync(new ListAlertsRequest());
            var farAlerts = await reconciliation.ListAlertsAsync(new ListAlertsRequest { Page = page, PageSize = size });
            Assert.Empty(farAlerts.Alerts);
            Assert.Equal((firstAlerts.Total, firstAlerts.StatusCounts), (farAlerts.Total, farAlerts.StatusCounts));
        }
    }

    [Fact]
    public async Task AuditPagesFollowTheirTokensWithoutGapOrOverlapAndATokenPastTheEndIsTheLastPage()
    {
        await World.CreateUserAsync(hub, "pager4@edge.test", Agency.CivilAffairs, Role.Auditor);
        var audit = new AuditLog.AuditLogClient(hub.Invoker(hub.UserToken("pager4@edge.test", World.PersonPassword, "openid audit.read")));
        // Reading the audit log is itself audited: three reads make sure there is something to page through even
        // when this test runs alone (it used to rely on entries its neighbours in the class had written).
        for (var read = 0; read < 3; read++)
        {
            await audit.QueryEntriesAsync(new QueryEntriesRequest { PageSize = 1 });
        }

        // Entries are stamped to the millisecond when they are appended, so the reference query's own entry, appended
        // within the same millisecond as a `To` of "now", would fall before it once the reference was read and show up
        // only on the pages. `To` (exclusive) at the start of the current millisecond leaves out every entry from here on.
        var now = DateTime.UtcNow;
        var to = new DateTime(now.Ticks - now.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
        var filter = new QueryEntriesRequest { To = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(to) };
        var all = await audit.QueryEntriesAsync(new QueryEntriesRequest(filter) { PageSize = 500 });
        Assert.True(all.Entries.Count >= 3, $"only {all.Entries.Count} entries to page through");
        Assert.Equal("", all.NextPageToken); // every entry fits in one page of 500, so it is the reference

        var paged = new List<long>();
        var token = "";
        for (var pages = 0; pages < all.Entries.Count + 1; pages++)
        {
            var page = await audit.QueryEntriesAsync(new QueryEntriesRequest(filter) { PageSize = 2, PageToken = token });
            Assert.True(page.Entries.Count <= 2, $"a page of 2 held {page.Entries.Count}");
            paged.AddRange(page.Entries.Select(entry => entry.Sequence));
            token = page.NextPageToken;
            if (token.Length == 0)
            {
                break;
            }
        }

        Assert.Equal("", token);
        Assert.Equal(all.Entries.Take(paged.Count).Select(entry => entry.Sequence), paged);
        Assert.Equal(all.Entries.Count, paged.Count);
        var far = await audit.QueryEntriesAsync(new QueryEntriesRequest(filter) { PageToken = long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Empty(far.Entries);
        Assert.Equal("", far.NextPageToken);
    }

    [Fact]
    public async Task APageThatEndsExactlyAtTheLastRowHandsOutNoToken()
    {
        // "next_page_token: empty on the last": a client that pages until the token is empty must not be sent to an
        // empty page when the rows fill the last page exactly.
        await World.GrantAsync(hub, Agency.Health, Agency.Education, Contracts.V1.Purpose.CaseHandling, [Contracts.V1.FieldGroup.Identity]);
        await World.CreateUserAsync(hub, "pager5@edge.test", Agency.CivilAffairs, Role.Auditor);
        var audit = new AuditLog.AuditLogClient(hub.Invoker(hub.UserToken("pager5@edge.test", World.PersonPassword, "openid audit.read")));
        var admin = World.Admin(hub);

        var grants = (await admin.ListGrantsAsync(new ListGrantsRequest { PageSize = 200 })).Grants.Count;
        var users = (await admin.ListUsersAsync(new ListUsersRequest { PageSize = 200 })).Users.Count;
        var clients = (await admin.ListClientsAsync(new ListClientsRequest { PageSize = 200 })).Clients.Count;
        // Entries are stamped to the millisecond when they are appended, so the reference query's own entry, appended
        // within the same millisecond as a `To` of "now", would fall before it once the reference was read and show up
        // only on the pages. `To` (exclusive) at the start of the current millisecond leaves out every entry from here on.
        var now = DateTime.UtcNow;
        var to = new DateTime(now.Ticks - now.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
        var filter = new QueryEntriesRequest { To = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(to) };
        var entries = (await audit.QueryEntriesAsync(new QueryEntriesRequest(filter) { PageSize = 500 })).Entries.Count;
        Assert.All(new[] { grants, users, clients, entries }, count => Assert.InRange(count, 1, 199));

        var lastGrants = await admin.ListGrantsAsync(new ListGrantsRequest { PageSize = grants });
        var lastUsers = await admin.ListUsersAsync(new ListUsersRequest { PageSize = users });
        var lastClients = await admin.ListClientsAsync(new ListClientsRequest { PageSize = clients });
        var lastEntries = await audit.QueryEntriesAsync(new QueryEntriesRequest(filter) { PageSize = entries });

        Assert.Equal((grants, ""), (lastGrants.Grants.Count, lastGrants.NextPageToken));
        Assert.Equal((users, ""), (lastUsers.Users.Count, lastUsers.NextPageToken));
        Assert.Equal((clients, ""), (lastClients.Clients.Count, lastClients.NextPageToken));
        Assert.Equal((entries, ""), (lastEntries.Entries.Count, lastEntries.NextPageToken));
        if (grants > 1)
        {
            var firstGrants = await admin.ListGrantsAsync(new ListGrantsRequest { PageSize = grants - 1 });
            Assert.NotEqual("", firstGrants.NextPageToken);
            Assert.Single((await admin.ListGrantsAsync(new ListGrantsRequest { PageSize = grants - 1, PageToken = firstGrants.NextPageToken })).Grants);
        }
    }

    private static async Task<SearchChildrenResponse> WaitForChildrenAsync(ChildDirectory.ChildDirectoryClient directory)
    {
        // The background linker makes the children moments after the records are stored: wait until the first page
        // has children and its total holds still for a moment.
        SearchChildrenResponse? previous = null;
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var first = await directory.SearchChildrenAsync(new SearchChildrenRequest());
            if (first.Total > 0 && first.Children.Count > 0 && previous?.Total == first.Total)
            {
                return first;
            }

            previous = first;
            await Task.Delay(200);
        }

        throw new Xunit.Sdk.XunitException("no child was linked, or the directory never settled");
    }
}
