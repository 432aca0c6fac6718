using System.CommandLine;
using DataExchange.Cli.Bench;
using DataExchange.Cli.Inputs;
using DataExchange.Data.Providers;

namespace DataExchange.Cli.Commands;

/// <summary>dx bench: throughput measurements of the real code paths.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var records = new Option<int>("--records") { Description = "How many records to stream.", DefaultValueFactory = _ => 100_000 };
        var provider = new Option<string>("--db-provider") { Description = "sqlite or postgres.", DefaultValueFactory = _ => "sqlite" };
        provider.AcceptOnlyFromAmong("sqlite", "postgres");
        var postgres = new Option<string>("--postgres")
        {
            Description = "PostgreSQL server for --db-provider postgres, e.g. Host=127.0.0.1;Port=5432;Username=postgres (scratch databases are created and dropped).",
        };

        var ingest = new Command("ingest", "Records/s streaming N records over gRPC to an in-process host, beside the raw INSERT ceiling of the same rows.")
        {
            records, provider, postgres,
        };
        ingest.Validators.Add(result =>
        {
            if (result.GetValue(provider) == "postgres" && string.IsNullOrWhiteSpace(result.GetValue(postgres)))
            {
                result.AddError("--db-provider postgres needs --postgres CONNSTRING.");
            }

            if (result.GetValue(records) < 1)
            {
                result.AddError("--records must be at least 1.");
            }
        });
        ingest.SetAction(async (parse, cancellationToken) =>
        {
            var kind = parse.GetValue(provider) == "postgres" ? DatabaseProvider.PostgreSql : DatabaseProvider.Sqlite;
            if (kind == DatabaseProvider.PostgreSql)
            {
                await DatabaseInput.ForWritingAsync("postgres:" + parse.GetValue(postgres), cancellationToken); // Reachable, before any setup.
            }

            await new IngestBench(Console.Out).RunAsync(kind, parse.GetValue(postgres), parse.GetValue(records), cancellationToken);
            return 0;
        });

        var linkRecords = new Option<int>("--records") { Description = "How many records to stream with linking.", DefaultValueFactory = _ => 50_000 };
        var children = new Option<int>("--children") { Description = "Grow the database to this many children before timing GetChild.", DefaultValueFactory = _ => 1_000_000 };
        var calls = new Option<int>("--calls") { Description = "GetChild and health-check calls to time.", DefaultValueFactory = _ => 5_000 };
        var keptDatabase = new Option<string>("--database")
        {
            Description = "A SQLite file to keep: created and grown on the first run, reused (ingestion skipped, grown if short) on later runs.",
        };
        var reconcile = new Command("reconcile", "Records/s ingested with incremental linking into SQLite; GetChild p99 beside the health-check p99 at many children.")
        {
            linkRecords, children, calls, keptDatabase,
        };
        reconcile.SetAction(async (parse, cancellationToken) =>
        {
            await new ReconcileBench(Console.Out).RunAsync(parse.GetValue(linkRecords), parse.GetValue(children), parse.GetValue(calls), parse.GetValue(keptDatabase), cancellationToken);
            return 0;
        });

        return new Command("bench", "Measure throughput of the hub's code paths.") { ingest, reconcile };
    }
}
