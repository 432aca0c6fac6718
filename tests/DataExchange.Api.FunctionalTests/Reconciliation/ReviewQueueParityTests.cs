extern alias dx;

using DataExchange.Api.FunctionalTests.Infrastructure;
using DataExchange.Contracts.V1;
using DataExchange.Data;
using DataExchange.Domain.Agencies;
using DataExchange.Matching.Features;
using DataExchange.Matching.Io;
using DataExchange.Matching.Linking;
using DataExchange.Matching.Scoring;
using DataExchange.Matching.Training;
using DataExchange.ExchangeFiles.Generation;
using DataExchange.ExchangeFiles.Reading;
using dx::DataExchange.Cli.Import;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Agency = DataExchange.Domain.Agencies.Agency;

namespace DataExchange.Api.FunctionalTests.Reconciliation;

/// <summary>
/// The production path builds the review queue the batch builds: each agency's system sends its generated file over
/// gRPC with its own client credentials and the host's background linker links it, one agency after another or all at
/// once; the open candidates per 100 records stay within 0.2 of dx link's review pairs on the same files.
/// </summary>
public sealed class ReviewQueueParityTests : IDisposable
{
    private const int Children = 800;
    private const double Tolerance = 0.2;
    private readonly string root = Directory.CreateTempSubdirectory("dx-parity-").FullName;

    public ReviewQueueParityTests()
    {
        // Fixed seed, sample error profile; each agency's file in a folder of its own, as each agency's system holds it.
        var all = Path.Combine(root, "all");
        DatasetGenerator.Run(new GenerationRequest(Children, 20261202, all, Path.Combine(root, "truth.csv"), null, GenerationProfile.Sample()));
        foreach (var agency in AgencyCodes.All)
        {
            var folder = Directory.CreateDirectory(Path.Combine(root, agency.ToCode())).FullName;
            File.Copy(Path.Combine(all, agency.ToCode() + ".csv"), Path.Combine(folder, agency.ToCode() + ".csv"));
        }

        var records = ExchangeFolder.Inspect(all).Files.OrderBy(file => file.Agency).ThenBy(file => file.FileName, StringComparer.Ordinal)
            .SelectMany(file => file.ReadRows()).Where(row => row.Record is not null)
            .Select(row => FeatureExtractor.Extract(row.Record!)).ToArray();
        TermFrequencies.Count(records).ApplyAll(records);
        var batch = new BatchLinker(new Scorer(ModelFile.Default(), records.Length)).Link(records);
        BatchPer100 = 100.0 * batch.Review.Count / records.Length;
    }

    private double BatchPer100 { get; }

    [Fact]
    public async Task AgenciesSendingTheirFilesOneAfterAnotherOverGrpcGetTheBatchsReviewQueue()
    {
        await using var hub = new SqliteHubFactory();
        await ((IAsyncLifetime)hub).InitializeAsync();
        foreach (var agency in AgencyCodes.All)
        {
            await ImportAsync(hub, agency);
            await hub.LinkedAsync();
        }

        var (records, open, _) = await QueueAsync(hub);

        Assert.InRange(100.0 * open / records, BatchPer100 - Tolerance, BatchPer100 + Tolerance);
        // What a steward reads over the rpc: a calibrated score at or above the floor, and why the pair was not linked.
        var stewards = new Contracts.V1.Reconciliation.ReconciliationClient(hub.StewardInvokerFor(Agency.CivilAffairs));
        var listed = await stewards.ListReviewCandidatesAsync(new ListReviewCandidatesRequest { PageSize = 200 });
        Assert.Equal(open, listed.Total);
        Assert.All(listed.Candidates, candidate =>
        {
            Assert.InRange(candidate.Score, 0.05, 1);
            Assert.Contains(candidate.Reason, Reasons);
            Assert.NotEmpty(candidate.ReasonText);
            Assert.False(candidate.Reason is "twin_signature" or "different_register_ids" or "names_sound_different" or "name_and_birth_date_differ"
                && candidate.Score >= 0.5, $"{candidate.Reason} at {candidate.Score}");
        });
    }

    private static readonly string[] Reasons =
    [
        "below_link_threshold", "rename_needs_steward", "kept_apart_by_another_record", "twin_signature", "different_register_ids",
        "names_sound_different", "name_and_birth_date_differ", "twin_id_in_record",
    ];

    [Fact]
    public async Task AgenciesSendingTheirFilesAllAtOnceOverGrpcGetTheBatchsReviewQueue()
    {
        await using var hub = new SqliteHubFactory();
        await ((IAsyncLifetime)hub).InitializeAsync();
        await Task.WhenAll(AgencyCodes.All.Select(agency => ImportAsync(hub, agency)));
        await hub.LinkedAsync();

        var (records, open, inOneChild) = await QueueAsync(hub);

        Assert.InRange(100.0 * open / records, BatchPer100 - Tolerance, BatchPer100 + Tolerance);
        Assert.Equal(0, inOneChild);
    }

    [Fact]
    public async Task NotTheSameChildOnTwoRecordsAlreadyInOneChildIsRefusedNamingTheChild()
    {
        await using var hub = new SqliteHubFactory();
        await ((IAsyncLifetime)hub).InitializeAsync();
        foreach (var agency in AgencyCodes.All)
        {
            await ImportAsync(hub, agency);
        }

        await hub.LinkedAsync();
        var stewards = new Contracts.V1.Reconciliation.ReconciliationClient(hub.StewardInvokerFor(Agency.CivilAffairs));
        var directory = new ChildDirectory.ChildDirectoryClient(hub.StewardInvokerFor(Agency.CivilAffairs));
        var candidate = (await stewards.ListReviewCandidatesAsync(new ListReviewCandidatesRequest { PageSize = 1 })).Candidates[0];
        var survivor = (await directory.GetChildAsync(new GetChildRequest { ChildId = candidate.A.ChildId })).Child;
        var absorbed = (await directory.GetChildAsync(new GetChildRequest { ChildId = candidate.B.ChildId })).Child;
        await stewards.MergeChildrenAsync(new MergeChildrenRequest
        {
            SurvivorChildId = survivor.ChildId, SurvivorExpectedVersion = survivor.Version,
            AbsorbedChildId = absorbed.ChildId, AbsorbedExpectedVersion = absorbed.Version, Reason = "same child, seen in the register",
        });

        var refused = await Assert.ThrowsAsync<RpcException>(() => stewards.DecideCandidateAsync(new DecideCandidateRequest
        {
            CandidateId = candidate.CandidateId, ExpectedVersion = candidate.Version, SameChild = false, Reason = "twins",
        }).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains(survivor.ChildId, refused.Status.Detail);
        Assert.Contains("SplitChild", refused.Status.Detail);
    }

    /// <summary>dx import --server as the agency's system runs it: its own client credentials, then its file.</summary>
    private async Task ImportAsync(HubFactory hub, Agency agency)
    {
        var identity = new ClientCredentialsIdentity(new Uri(hub.Server.BaseAddress, "/connect/token"), HubFactory.ClientIdOf(agency), HubFactory.SecretOf(agency),
            hub.Server.CreateClient());
        using var channel = GrpcChannel.ForAddress(hub.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = hub.Server.CreateHandler() });
        await using var target = new ServerTarget(channel, identity, TimeSpan.FromMinutes(2));
        var result = await new Importer(target, TextWriter.Null).RunAsync(Path.Combine(root, agency.ToCode()), CancellationToken.None);
        Assert.True(result.Accepted > 0, $"{agency.ToCode()}: nothing accepted");
    }

    /// <summary>Active records, open candidates, and open candidates whose two records are in one child (none should be).</summary>
    private static async Task<(int Records, int Open, int InOneChild)> QueueAsync(HubFactory hub)
    {
        await using var db = await hub.Services.GetRequiredService<IDbContextFactory<ExchangeDbContext>>().CreateDbContextAsync();
        var records = await db.SourceRecords.CountAsync(record => !record.Retracted);
        var open = await db.MatchCandidates.Where(c => c.Status == "open").ToListAsync();
        var childOf = await db.RecordLinks.ToDictionaryAsync(link => link.SourceRecordId, link => link.ChildId);
        return (records, open.Count, open.Count(c => childOf[c.RecordAId] == childOf[c.RecordBId]));
    }

    public void Dispose() => Directory.Delete(root, recursive: true);
}
