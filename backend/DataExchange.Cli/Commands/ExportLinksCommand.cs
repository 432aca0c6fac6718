using System.CommandLine;
using System.Globalization;
using DataExchange.Cli.Inputs;
using DataExchange.Data;
using DataExchange.Reconciliation.Children;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DataExchange.Cli.Commands;

/// <summary>
/// dx export-links --db CONNECTION --out DIR [--truth FILE]: the live database's links.csv and review.csv in the
/// exchange format, so the incremental path is scored exactly like dx link (same evaluation code, same metrics line).
/// </summary>
internal static class ExportLinksCommand
{
    public static Command Create()
    {
        var db = new Option<string>("--db") { Description = "A SQLite file path, postgres:CONNSTRING, sqlserver:CONNSTRING or a connection string.", Required = true };
        var output = new Option<DirectoryInfo>("--out") { Description = "Write links.csv and review.csv here.", Required = true };
        var truth = new Option<FileInfo?>("--truth") { Description = "agency,source_id,person_id file: print pairwise precision, recall, reach as dx link does." };
        var command = new Command("export-links", "Write links.csv and review.csv from the live database.") { db, output, truth };
        command.SetAction(async (parse, cancellationToken) =>
        {
            // Inputs first: the truth file and the output folder before the database is read.
            if (parse.GetValue(truth) is { Exists: false } missingTruth)
            {
                throw new InputException($"--truth {missingTruth.FullName}: no such file; give the agency,source_id,person_id file");
            }

            if (File.Exists(parse.GetValue(output)!.FullName))
            {
                throw new InputException($"--out {parse.GetValue(output)!.FullName} is a file; give a folder to write links.csv and review.csv in");
            }

            await using var services = await ReconcileDatabase.OpenAsync(parse.GetValue(db)!, cancellationToken);
            await using var context = await services.GetRequiredService<IDbContextFactory<ExchangeDbContext>>().CreateDbContextAsync(cancellationToken);
            var export = await LinkageExport.ReadAsync(context, cancellationToken);
            export.Write(parse.GetValue(output)!.FullName);
            Console.WriteLine($"exported {export.Links.Count:N0} records in {export.Links.Select(l => l.ChildId).Distinct().Count():N0} children; {export.Review.Count:N0} review pairs");
            if (parse.GetValue(truth) is { } file)
            {
                var evaluation = export.Evaluate(file.FullName);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"precision {evaluation.Precision:F4}  recall {evaluation.Recall:F4}  reach {evaluation.Reach:F4}  review/100 {evaluation.ReviewPer100:F2}  false-merge pairs {evaluation.FalseMergePairs} (twin/sibling-like {evaluation.TwinLikeFalseMerges})  true pairs {evaluation.TruePairs:N0}"));
            }

            return 0;
        });
        return command;
    }
}
