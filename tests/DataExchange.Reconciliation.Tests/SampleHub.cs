using DataExchange.Data;
using DataExchange.Data.Providers;
using DataExchange.Data.Records;
using DataExchange.Domain.Records;
using DataExchange.Matching.Io;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DataExchange.Reconciliation.Tests;

/// <summary>The shared sample imported once into a private SQLite hub through the ingestor and the reconciler, as dx import does.</summary>
public sealed class SampleHub : IAsyncLifetime
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "dx-reconcile-" + Guid.NewGuid().ToString("N"));

    public ServiceProvider Services { get; private set; } = null!;
    public string SampleDirectory { get; } = Find("sample");
    public string TruthFile { get; } = Path.Combine(Path.GetDirectoryName(Find("sample"))!, "sample-truth.csv");
    public List<SourceRecord> Records { get; private set; } = [];

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(folder);
        var options = new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(folder, "hub.db")}" };
        Services = new ServiceCollection()
            .AddSingleton(TimeProvider.System)
            .AddExchangeDatabase(options)
            .AddSingleton<RecordIngestor>()
            .AddReconciliation()
            .BuildServiceProvider();
        await using (var db = await Services.GetRequiredService<IDbContextFactory<ExchangeDbContext>>().CreateDbContextAsync())
        {
            await DatabaseSetup.MigrateAsync(db, options, CancellationToken.None);
        }

        Records = [.. ExchangeFolder.Read(SampleDirectory)];
        await ImportAsync(Records);
    }

    /// <summary>Ingests records agency by agency in chunks, then links everything that changed; returns the changed count.</summary>
    public async Task<int> ImportAsync(IReadOnlyList<SourceRecord> records)
    {
        var ingestor = Services.GetRequiredService<RecordIngestor>();
        var changed = new List<long>();
        foreach (var agency in records.GroupBy(record => record.Agency))
        {
            foreach (var chunk in agency.Select((record, i) => new IndexedRecord(i, record)).Chunk(RecordIngestor.ChunkSize))
            {
                changed.AddRange((await ingestor.WriteChunkAsync(agency.Key, chunk, "sample", CancellationToken.None)).ChangedRecordIds);
            }
        }

        await Services.GetRequiredService<Reconciler>().ReconcileAsync(changed, CancellationToken.None);
        return changed.Count;
    }

    public async Task DisposeAsync()
    {
        await Services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    private static string Find(string name)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "data", name);
            if (Directory.Exists(candidate) || File.Exists(candidate))
            {
                return candidate;
            }
        }

        return Path.Combine("/work/shared/data", name);
    }
}
