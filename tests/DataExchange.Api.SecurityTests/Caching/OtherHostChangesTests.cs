using System.Diagnostics;
using DataExchange.Api.SecurityTests.Infrastructure;
using DataExchange.Contracts.V1;
using DataExchange.Data.Providers;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Agency = DataExchange.Domain.Agencies.Agency;
using Contract = DataExchange.Contracts.V1;

namespace DataExchange.Api.SecurityTests.Caching;

/// <summary>A hub whose access caches hold entries for at most half a second (Access:CacheSeconds).</summary>
public sealed class ShortAccessCacheHub : SecurityHub
{
    public const double CacheSeconds = 0.5;

    public ShortAccessCacheHub() : base(DatabaseProvider.Sqlite) =>
        Settings = new Dictionary<string, string> { ["Access:CacheSeconds"] = CacheSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) };
}

/// <summary>
/// Changes another host makes in the shared database (written here with ExecuteUpdate, which bypasses this host's
/// change signal exactly as another process's write does) count on this host within Access:CacheSeconds: a revoked
/// grant stops disclosing, a disabled client is refused.
/// </summary>
public sealed class OtherHostChangesTests(ShortAccessCacheHub hub) : IClassFixture<ShortAccessCacheHub>
{
    private const Agency Reader = Agency.CivilAffairs;

    // The bound, and slack for a loaded test machine (the read itself, thread scheduling).
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(ShortAccessCacheHub.CacheSeconds) + TimeSpan.FromSeconds(2);

    [Fact]
    public async Task AGrantRevokedByAnotherHostStopsDisclosingWithinTheBound()
    {
        await World.SeedRecordsAsync(hub);
        var directory = new ChildDirectory.ChildDirectoryClient(hub.AgencyInvoker(Reader));
        var childId = (await directory.SearchChildrenAsync(new SearchChildrenRequest { IdNumber = World.IdNumber(7) })).Children.Single().ChildId;
        var grant = await World.GrantAsync(hub, Reader, Agency.Health, Contract.Purpose.ActiveDiscovery, [Contract.FieldGroup.Health]);
        Assert.Contains(Contract.Agency.Health, await AgenciesShownAsync(directory, childId));

        await using (var db = await hub.Contexts().CreateDbContextAsync())
        {
            var id = Guid.Parse(grant.GrantId);
            Assert.Equal(1, await db.Grants.Where(g => g.Id == id).ExecuteUpdateAsync(set => set.SetProperty(g => g.RevokedAt, DateTime.UtcNow)));
        }

        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Within && (await AgenciesShownAsync(directory, childId)).Contains(Contract.Agency.Health))
        {
            await Task.Delay(50);
        }

        Assert.DoesNotContain(Contract.Agency.Health, await AgenciesShownAsync(directory, childId));
        Assert.True(clock.Elapsed < Within, $"still disclosed {clock.Elapsed.TotalSeconds:F1} s after another host revoked the grant");
    }

    [Fact]
    public async Task AClientDisabledByAnotherHostIsRefusedWithinTheBound()
    {
        var records = new RecordExchange.RecordExchangeClient(hub.AgencyInvoker(Agency.Health));
        var verify = () => records.VerifyIdentityAsync(new VerifyIdentityRequest { IdNumber = World.IdNumber(7) }).ResponseAsync;
        Assert.Equal(StatusCode.OK, await StatusOf(verify));

        var clientId = SecurityHub.ClientIdOf(Agency.Health);
        await using var db = await hub.Contexts().CreateDbContextAsync();
        await db.AgencyClients.Where(c => c.ClientId == clientId).ExecuteUpdateAsync(set => set.SetProperty(c => c.Disabled, true));
        try
        {
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < Within && await StatusOf(verify) == StatusCode.OK)
            {
                await Task.Delay(50);
            }

            Assert.Equal(StatusCode.Unauthenticated, await StatusOf(verify));
            Assert.True(clock.Elapsed < Within, $"still served {clock.Elapsed.TotalSeconds:F1} s after another host disabled the client");
        }
        finally
        {
            // Enabled again the same way: it counts within the bound too (and the other tests need the client).
            await db.AgencyClients.Where(c => c.ClientId == clientId).ExecuteUpdateAsync(set => set.SetProperty(c => c.Disabled, false));
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < Within && await StatusOf(verify) != StatusCode.OK)
            {
                await Task.Delay(50);
            }
        }

        Assert.Equal(StatusCode.OK, await StatusOf(verify));
    }

    private static async Task<IReadOnlyList<Contract.Agency>> AgenciesShownAsync(ChildDirectory.ChildDirectoryClient directory, string childId) =>
        [.. (await directory.GetChildAsync(new GetChildRequest { ChildId = childId, Purpose = Contract.Purpose.ActiveDiscovery })).Child.Records.Select(r => r.Agency)];

    private static async Task<StatusCode> StatusOf(Func<Task> call)
    {
        try
        {
            await call();
            return StatusCode.OK;
        }
        catch (RpcException exception)
        {
            return exception.StatusCode;
        }
    }
}
