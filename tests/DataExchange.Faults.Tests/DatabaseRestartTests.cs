using System.Diagnostics;
using DataExchange.Contracts.V1;
using DataExchange.Faults.Tests.Infrastructure;
using Grpc.Core;
using Xunit.Abstractions;
using Agency = DataExchange.Domain.Agencies.Agency;

namespace DataExchange.Faults.Tests;

/// <summary>
/// PostgreSQL stopped under load and started again, hosts left running: while it is down every call answers
/// Unavailable well inside its deadline; afterwards the same processes serve again and a resend is idempotent.
/// </summary>
public sealed class DatabaseRestartTests(ITestOutputHelper log)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [PostgresFact]
    public async Task WhileTheDatabaseIsDownHostsAnswerUnavailableAndAfterItRestartsTheyServeAgainWithoutARestart()
    {
        var batches = AgencyBatches.Generate(children: 3000, seed: 1203);
        var register = batches.ByAgency[Agency.PublicSecurity];
        await using var server = await PrivatePostgres.LaunchAsync();
        await using var hub = await Hub.CreateAsync(server.ConnectionString);
        var hostA = await hub.StartHostAsync("dx-host-a");
        var hostB = await hub.StartHostAsync("dx-host-b");
        var clientA = await hub.RecordExchangeAsync(hostA, Agency.PublicSecurity);
        var clientB = await hub.RecordExchangeAsync(hostB, Agency.PublicSecurity);

        var chunksSent = 0;
        var streaming = clientA.SubmitAsync(register, "register", chunk: 25, pause: TimeSpan.FromMilliseconds(50), sent: n => Volatile.Write(ref chunksSent, n));
        while (await hub.Database.RecordCountAsync() == 0)
        {
            Assert.False(streaming.IsCompleted, "the batch finished before the database could be stopped");
            await Task.Delay(20);
        }

        await server.StopAsync();
        var clock = Stopwatch.StartNew();
        var cut = await Assert.ThrowsAnyAsync<RpcException>(() => streaming);
        log.WriteLine($"the stream under way answered {cut.StatusCode} {clock.Elapsed.TotalSeconds:0.0} s after the stop: {cut.Status.Detail}");
        Assert.Equal(StatusCode.Unavailable, cut.StatusCode);

        foreach (var client in new[] { clientA, clientB })
        {
            var call = Stopwatch.StartNew();
            var down = await Assert.ThrowsAsync<RpcException>(() => client.GetSourceRecordAsync(
                new GetSourceRecordRequest { SourceId = register[0].SourceId }, deadline: DateTime.UtcNow + Deadline).ResponseAsync);
            log.WriteLine($"GetSourceRecord while down: {down.StatusCode} after {call.Elapsed.TotalSeconds:0.00} s ({down.Status.Detail})");
            Assert.Equal(StatusCode.Unavailable, down.StatusCode);
            Assert.True(call.Elapsed < Deadline, $"answered after {call.Elapsed}, past the deadline");
        }

        await server.StartAsync();
        clock.Restart();
        foreach (var client in new[] { clientA, clientB })
        {
            while (true)
            {
                try
                {
                    // The first chunk was committed before the stop: the record is there to read.
                    var read = await client.GetSourceRecordAsync(new GetSourceRecordRequest { SourceId = register[0].SourceId }, deadline: DateTime.UtcNow + Deadline);
                    Assert.Equal(register[0].SourceId, read.Record.SourceId);
                    break;
                }
                catch (RpcException error) when (error.StatusCode == StatusCode.Unavailable && clock.Elapsed < TimeSpan.FromSeconds(30))
                {
                    await Task.Delay(200);
                }
            }
        }

        log.WriteLine($"both hosts served again {clock.Elapsed.TotalSeconds:0.0} s after the database started");
        Assert.All(hub.Hosts, host => Assert.True(host.Running, $"{host.Name} is no longer running:\n{host.Output}"));

        var resent = await clientB.SubmitAsync(register, "register", chunk: 500);
        Assert.Equal(register.Count, resent.Accepted + resent.Unchanged + resent.Rejected);
        Assert.True(resent.Unchanged > 0);
        await hub.Database.LinkedAsync(TimeSpan.FromSeconds(60));
        Assert.NotNull(await hub.Database.LeaseHolderAsync(TimeSpan.FromSeconds(10)));
        var figures = await hub.Database.FiguresAsync();
        log.WriteLine(figures.ToString());
        var stored = register.Count - resent.Rejected;
        Assert.Equal(stored, figures.Records);
        Assert.Equal(stored, figures.DistinctRecords);
        Assert.Equal(stored, figures.Versions);
        Assert.Equal(stored, figures.Links);
        Assert.Equal(stored, figures.LinksAtCurrentVersion);
        var audit = await hub.Database.VerifyAuditAsync();
        Assert.False(audit.Failed, audit.Problem);
    }
}
