using DataExchange.Faults.Tests.Infrastructure;
using Grpc.Core;
using Xunit.Abstractions;
using Agency = DataExchange.Domain.Agencies.Agency;

namespace DataExchange.Faults.Tests;

/// <summary>A host killed (SIGKILL) while an agency streams a batch into it: restart, resend, and everything is there exactly once.</summary>
public sealed class HostKillTests(ITestOutputHelper log)
{
    [PostgresFact]
    public async Task KillingAHostMidSubmitRecordsThenResendingStoresEveryRecordAndVersionOnceAndLinksThemAll()
    {
        var batches = AgencyBatches.Generate(children: 3000, seed: 1201);
        var register = batches.ByAgency[Agency.PublicSecurity];
        await using var hub = await Hub.CreateAsync(Environment.GetEnvironmentVariable(PostgresFactAttribute.Variable)!);
        var host = await hub.StartHostAsync("dx-host-a");
        var client = await hub.RecordExchangeAsync(host, Agency.PublicSecurity);

        // Paced so that the kill lands mid-stream: some chunks stored, others not yet sent.
        var chunksSent = 0;
        var streaming = client.SubmitAsync(register, "register-2026-12", chunk: 25, pause: TimeSpan.FromMilliseconds(50), sent: n => Volatile.Write(ref chunksSent, n));
        while (await hub.Database.RecordCountAsync() == 0)
        {
            Assert.False(streaming.IsCompleted, "the batch finished before the host could be killed");
            await Task.Delay(20);
        }

        log.WriteLine($"{register.Count} register records; killing after {Volatile.Read(ref chunksSent)} chunks sent");
        host.Kill();
        var cut = await Assert.ThrowsAnyAsync<RpcException>(() => streaming);
        var storedAtKill = (int)await hub.Database.RecordCountAsync();
        log.WriteLine($"killed after {chunksSent} of {(register.Count + 24) / 25} chunks: {storedAtKill} of {register.Count} records stored; the call saw {cut.StatusCode}");
        Assert.InRange(storedAtKill, 1, register.Count - 1);

        await host.StartAsync();
        client = await hub.RecordExchangeAsync(host, Agency.PublicSecurity);
        var resent = await client.SubmitAsync(register, "register-2026-12", chunk: 500);
        Assert.False(resent.Replayed);
        Assert.Equal(register.Count, resent.Accepted + resent.Unchanged + resent.Rejected);
        Assert.True(resent.Unchanged >= storedAtKill, $"{resent.Unchanged} unchanged, {storedAtKill} were stored before the kill");
        var again = await client.SubmitAsync(register, "register-2026-12", chunk: 500);
        Assert.True(again.Replayed);

        await hub.Database.LinkedAsync(TimeSpan.FromSeconds(60));
        var stored = register.Count - resent.Rejected;
        var figures = await hub.Database.FiguresAsync();
        log.WriteLine(figures.ToString());
        Assert.Equal(stored, figures.Records);
        Assert.Equal(stored, figures.DistinctRecords);
        Assert.Equal(stored, figures.Versions);
        Assert.Equal(stored, figures.DistinctVersions);
        Assert.Equal(stored, figures.RecordsAtVersionOne);
        Assert.Equal(stored, figures.Links);
        Assert.Equal(stored, figures.LinksAtCurrentVersion);
        Assert.Equal(0, figures.Queued);
        var audit = await hub.Database.VerifyAuditAsync();
        Assert.False(audit.Failed, audit.Problem);
        Assert.True(audit.Checked > 0);
    }
}
