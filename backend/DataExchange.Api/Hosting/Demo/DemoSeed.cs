using DataExchange.Api.Identity;
using DataExchange.Data;
using DataExchange.Data.Entities;
using DataExchange.Data.Records;
using DataExchange.Domain.Agencies;
using DataExchange.ExchangeFiles.Generation;
using DataExchange.ExchangeFiles.Reading;
using DataExchange.Reconciliation;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace DataExchange.Api.Hosting.Demo;

/// <summary>
/// Fills an empty hub for a first look: the project's generator writes agency files for a few thousand children (with
/// realistic clerk errors, so there are review candidates, conflicts and alerts), they go in through the record path
/// (RecordIngestor, batch ledger) and are linked by the Reconciler as an import is; then one steward, one administrator
/// and one auditor are created and their passwords printed once to the console. A hub holding any record is left alone,
/// so a second start does nothing.
/// </summary>
public sealed class DemoSeed(
    DemoSettings settings, IDbContextFactory<ExchangeDbContext> contexts, RecordIngestor ingestor, BatchLedger ledger,
    Reconciler reconciler, IServiceProvider services, ILogger<DemoSeed> logger)
{
    /// <summary>The demo people: e-mail, role, agency.</summary>
    public static readonly IReadOnlyList<(string Email, string Role, Agency Agency)> People =
    [
        ("steward@demo.local", DxIdentity.Roles.Steward, Agency.CivilAffairs),
        ("administrator@demo.local", DxIdentity.Roles.Administrator, Agency.CivilAffairs),
        ("auditor@demo.local", DxIdentity.Roles.Auditor, Agency.CivilAffairs),
    ];

    public async Task RunAsync(TextWriter console, CancellationToken cancellationToken)
    {
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            if (await db.SourceRecords.AnyAsync(cancellationToken))
            {
                logger.LogInformation("Demo:Seed: the hub already holds records; nothing was generated or created.");
                return;
            }
        }

        var folder = Path.Combine(Path.GetTempPath(), "dx-demo-" + Guid.NewGuid().ToString("N"));
        try
        {
            logger.LogInformation("Demo:Seed: generating {Children} children (seed {Seed})...", settings.Children, settings.GeneratorSeed);
            var files = Path.Combine(folder, "files");
            DatasetGenerator.Run(new GenerationRequest(settings.Children, settings.GeneratorSeed, files, Path.Combine(folder, "truth.csv"), null, GenerationProfile.Sample()));
            var changed = await ImportAsync(files, cancellationToken);
            var outcome = await reconciler.ReconcileAsync(changed, cancellationToken);
            logger.LogInformation("Demo:Seed: {Records} records linked: {Children} children, {Candidates} review candidates.",
                changed.Count, outcome.NewChildren, outcome.ReviewCandidates);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        await CreatePeopleAsync(console);
    }

    private async Task<List<long>> ImportAsync(string files, CancellationToken cancellationToken)
    {
        var changed = new List<long>();
        foreach (var file in ExchangeFolder.Inspect(files).Files)
        {
            var batchKey = "demo-" + file.ContentHash[..32];
            var total = new IngestOutcome();
            var chunk = new List<IndexedRecord>(RecordIngestor.ChunkSize);
            foreach (var row in file.ReadRows())
            {
                if (row.Record is null)
                {
                    continue; // The generator writes no ragged rows; a reader's refusal would only skip that row.
                }

                chunk.Add(new IndexedRecord(chunk.Count, row.Record));
                if (chunk.Count == RecordIngestor.ChunkSize)
                {
                    total.Add(await ingestor.WriteChunkAsync(file.Agency, chunk, batchKey, cancellationToken));
                    chunk = new List<IndexedRecord>(RecordIngestor.ChunkSize);
                }
            }

            if (chunk.Count > 0)
            {
                total.Add(await ingestor.WriteChunkAsync(file.Agency, chunk, batchKey, cancellationToken));
            }

            await ledger.CompleteAsync(file.Agency, batchKey, total, cancellationToken);
            changed.AddRange(total.ChangedRecordIds);
        }

        return changed;
    }

    private async Task CreatePeopleAsync(TextWriter console)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DxUser>>();
        var created = new List<string>();
        foreach (var (email, role, agency) in People)
        {
            if (await users.FindByEmailAsync(email) is not null)
            {
                continue; // Kept as it is: its password was printed when it was created.
            }

            var password = IdentitySeeder.GeneratePassword();
            var user = new DxUser { UserName = email, Email = email, EmailConfirmed = true, Agency = agency.ToCode() };
            var result = await users.CreateAsync(user, password);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"The demo {role} could not be created: " + string.Join("; ", result.Errors.Select(error => error.Description)));
            }

            await users.AddToRoleAsync(user, role);
            created.Add($"  {role,-14} {email,-26} {password}");
        }

        if (created.Count > 0)
        {
            // Printed once, here, and kept nowhere else: note them now.
            console.WriteLine("Demo accounts (shown once; sign in at the portal and change them):");
            foreach (var line in created)
            {
                console.WriteLine(line);
            }
        }
    }
}
