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
            // The token, not GetValue: a value outside sqlite|postgres is reported by the parser, and GetValue would throw.
            if (result.GetResult(provider)?.Tokens.FirstOrDefault()?.Value == "postgres" && string.IsNullOrWhiteSpace(result.GetValue(postgres)))
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

        var readsProvider = new Option<string>("--db-provider") { Description = "sqlite or postgres.", DefaultValueFactory = _ => "sqlite" };
        readsProvider.AcceptOnlyFromAmong("sqlite", "postgres");
        var readsPostgres = new Option<string>("--postgres") { Description = "PostgreSQL server for --db-provider postgres (a scratch database is created and dropped)." };
        var readsChildren = new Option<int>("--children") { Description = "Education records to load and link before reading.", DefaultValueFactory = _ => 20_000 };
        var streams = new Option<int>("--streams") { Description = "Concurrent calls in flight.", DefaultValueFactory = _ => 64 };
        var connections = new Option<int>("--connections") { Description = "HTTP/2 connections the streams share.", DefaultValueFactory = _ => 4 };
        var seconds = new Option<int>("--seconds") { Description = "Length of each timed window.", DefaultValueFactory = _ => 10 };
        var h2load = new Option<bool>("--h2load") { Description = "Also measure the three calls from outside with h2load (nghttp2-client)." };
        var port = new Option<int>("--port") { Description = "Loopback port of the in-process host (0: any free port).", DefaultValueFactory = _ => 0 };
        var reads = new Command("reads", "GetChild and SearchChildren calls/s and p50/p99 under concurrency, beside a bare unary call (the floor) on the same host.")
        {
            readsProvider, readsPostgres, readsChildren, streams, connections, seconds, h2load, port,
        };
        reads.Validators.Add(result =>
        {
            // The token, not GetValue: a value outside sqlite|postgres is reported by the parser, and GetValue would throw.
            if (result.GetResult(readsProvider)?.Tokens.FirstOrDefault()?.Value == "postgres" && string.IsNullOrWhiteSpace(result.GetValue(readsPostgres)))
            {
                result.AddError("--db-provider postgres needs --postgres CONNSTRING.");
            }

            foreach (var option in new[] { readsChildren, streams, connections, seconds })
            {
                // Only options given: defaults are filled in after validation (and are all at least 1).
                if (result.GetResult(option) is not null && result.GetValue(option) < 1)
                {
                    result.AddError($"{option.Name} must be at least 1 (it is {result.GetValue(option)}).");
                }
            }

            if (result.GetResult(port) is not null && result.GetValue(port) is < 0 or > 65535)
            {
                result.AddError("--port must be 0 to 65535.");
            }
        });
        reads.SetAction(async (parse, cancellationToken) =>
        {
            var kind = parse.GetValue(readsProvider) == "postgres" ? DatabaseProvider.PostgreSql : DatabaseProvider.Sqlite;
            if (kind == DatabaseProvider.PostgreSql)
            {
                await DatabaseInput.ForWritingAsync("postgres:" + parse.GetValue(readsPostgres), cancellationToken); // Reachable, before any setup.
            }

            await new ReadsBench(Console.Out).RunAsync(new ReadsBench.Settings(kind, parse.GetValue(readsPostgres), parse.GetValue(readsChildren),
                parse.GetValue(streams), parse.GetValue(connections), TimeSpan.FromSeconds(parse.GetValue(seconds)), parse.GetValue(h2load), parse.GetValue(port)), cancellationToken);
            return 0;
        });

        return new Command("bench", "Measure throughput of the hub's code paths.") { ingest, reconcile, reads };
    }
}
