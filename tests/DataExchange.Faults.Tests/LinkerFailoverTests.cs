using System.Diagnostics;
using DataExchange.Contracts.V1;
using DataExchange.Faults.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;
using Agency = DataExchange.Domain.Agencies.Agency;

namespace DataExchange.Faults.Tests;

/// <summary>
/// Two hosts on one PostgreSQL database: each host's index follows what the other host linked, and when the host
/// running the background linker is killed mid-slice its lease moves to the survivor, which finishes the queue.
/// </summary>
public sealed class LinkerFailoverTests(ITestOutputHelper log)
{
    [PostgresFact]
    public async Task KillingTheLinkingHostMidSliceMovesTheLeaseToTheSurvivorWhichLinksEverythingOnce()
    {
        var batches = AgencyBatches.Generate(children: 1200, seed: 1202);
        // A child only education and health know of, whose two records agree on ID number, name and birth date: the
        // health record must join the child that the other host created from the education record.
        var (education, health) = batches.ByAgency[Agency.Education]
            .Select(e => (Education: e, Health: batches.ByAgency[Agency.Health].FirstOrDefault(h => h.IdNumber.Length == 18 && h.IdNumber == e.IdNumber
                && h.Name == e.Name && h.BirthDate == e.BirthDate && batches.PersonOf[(Agency.Health, h.SourceId)] == batches.PersonOf[(Agency.Education, e.SourceId)])))
            .First(pair => pair.Health is not null);
        var person = batches.PersonOf[(Agency.Education, education.SourceId)];
        bool OfOthers((Agency Agency, ChildRecord Record) row) => batches.PersonOf[(row.Agency, row.Record.SourceId)] != person;
        var rest = batches.ByAgency.SelectMany(pair => pair.Value.Select(record => (Agency: pair.Key, Record: record))).Where(OfOthers).ToList();
        var register = rest.Where(row => row.Agency == Agency.PublicSecurity).Select(row => row.Record).ToList();
        var first = rest.First(row => row.Agency == Agency.DisabledFederation);
        var later = rest.Where(row => row.Agency != Agency.PublicSecurity && row.Record != first.Record).GroupBy(row => row.Agency).ToList();

        await using var hub = await Hub.CreateAsync(Environment.GetEnvironmentVariable(PostgresFactAttribute.Variable)!,
            new Dictionary<string, string> { ["Reconciliation__LinkSliceSize"] = "100" });
        var hostA = await hub.StartHostAsync("dx-host-a");
        var hostB = await hub.StartHostAsync("dx-host-b");
        await (await hub.RecordExchangeAsync(hostA, Agency.PublicSecurity)).SubmitAsync(register, "register");
        await hub.Database.LinkedAsync(TimeSpan.FromSeconds(60));
        var holderName = await hub.Database.LeaseHolderAsync(TimeSpan.FromSeconds(15));
        var holder = hub.Hosts.Single(host => host.Name == holderName);
        var survivor = hub.Hosts.Single(host => host != holder);

        // The survivor links a record inline (its index is now loaded), then the holder creates the child of the
        // education record: the survivor's next link must see that child, though its own index never learnt it.
        await (await hub.RecordExchangeAsync(survivor, first.Agency)).UpsertRecordAsync(new UpsertRecordRequest { Record = first.Record });
        await (await hub.RecordExchangeAsync(holder, Agency.Education)).UpsertRecordAsync(new UpsertRecordRequest { Record = education });
        await (await hub.RecordExchangeAsync(survivor, Agency.Health)).UpsertRecordAsync(new UpsertRecordRequest { Record = health! });
        await using (var db = hub.Database.Open())
        {
            var children = await db.RecordLinks.Join(db.SourceRecords, l => l.SourceRecordId, r => r.Id, (l, r) => new { r.Agency, r.SourceId, l.ChildId })
                .Where(row => (row.Agency == "education" && row.SourceId == education.SourceId) || (row.Agency == "health" && row.SourceId == health!.SourceId))
                .Select(row => row.ChildId).ToListAsync();
            Assert.Equal(2, children.Count);
            Assert.True(children[0] == children[1], "the survivor's inline link missed the child the other host had just created");
        }

        // The other agencies' files through the survivor; the holder links them a hundred at a time and is killed part-way.
        var linkedBefore = (await hub.Database.FiguresAsync()).Links;
        foreach (var agency in later)
        {
            await (await hub.RecordExchangeAsync(survivor, agency.Key)).SubmitAsync([.. agency.Select(row => row.Record)], "files-" + agency.Key);
        }

        StoredFigures figures;
        while ((figures = await hub.Database.FiguresAsync()).Links < linkedBefore + 300)
        {
            Assert.True(figures.Queued > 0, "the queue drained before the linking host could be killed");
            await Task.Delay(50);
        }

        Assert.True(figures.Queued > 0, "the queue drained before the linking host could be killed");
        holder.Kill();
        var clock = Stopwatch.StartNew();
        var taken = await hub.Database.LeaseHolderAsync(TimeSpan.FromSeconds(20), not: holder.Name);
        log.WriteLine($"killed {holder.Name} with {figures.Queued} queued, {figures.Links} linked; {taken} held the lease after {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.Equal(survivor.Name, taken);

        await hub.Database.LinkedAsync(TimeSpan.FromSeconds(60));
        log.WriteLine($"queue drained {clock.Elapsed.TotalSeconds:0.0} s after the kill");
        var sent = register.Count + 3 + later.Sum(group => group.Count());
        figures = await hub.Database.FiguresAsync();
        log.WriteLine(figures.ToString());
        Assert.True(figures.Records <= sent);
        Assert.Equal(figures.Records, figures.DistinctRecords);
        Assert.Equal(figures.Records, figures.Versions);
        Assert.Equal(figures.Records, figures.DistinctVersions);
        Assert.Equal(figures.Records, figures.Links);
        Assert.Equal(figures.Records, figures.LinksAtCurrentVersion);
        Assert.Equal(0, figures.Queued);
        var audit = await hub.Database.VerifyAuditAsync();
        Assert.False(audit.Failed, audit.Problem);
    }
}
