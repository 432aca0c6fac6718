using System.CommandLine;
using System.Globalization;
using DataExchange.Cli.Reporting;
using DataExchange.Data;
using DataExchange.Reconciliation.Children;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DataExchange.Cli.Commands;

/// <summary>
/// dx report --db CONNECTION [--truth ALERTS]: children, open review candidates, open conflicts and open alerts, one per
/// line; with the alert truth dx generate writes, each discovery rule's precision and recall.
/// </summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var db = new Option<string>("--db") { Description = "A SQLite file path, postgres:CONNSTRING, sqlserver:CONNSTRING or a connection string.", Required = true };
        var truth = new Option<FileInfo?>("--truth") { Description = "The alerts truly due (dx generate's DIR-alerts.csv): print each rule's precision and recall." };
        var command = new Command("report", "Print the hub's reconciliation counts, and with --truth each alert rule's precision and recall.") { db, truth };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var truthFile = parse.GetValue(truth);
            if (truthFile is { Exists: false })
            {
                await error.WriteLineAsync($"dx report: no alert truth file {truthFile.FullName} (dx generate writes DIR-alerts.csv beside its folder)");
                return 2;
            }

            IReadOnlyList<DueAlert>? due = null;
            try
            {
                due = truthFile is null ? null : AlertTruth.Read(truthFile.FullName);
            }
            catch (FormatException problem)
            {
                await error.WriteLineAsync($"dx report: {problem.Message}");
                return 2;
            }

            await using var services = await ReconcileDatabase.OpenAsync(parse.GetValue(db)!, cancellationToken);
            var (children, review, conflicts, alerts) = await services.GetRequiredService<ChildQueries>().CountAsync(cancellationToken);
            output.Write($"children: {children}\nreview_candidates: {review}\nconflicts: {conflicts}\nalerts: {alerts}\n");
            if (due is not null)
            {
                await using var context = await services.GetRequiredService<IDbContextFactory<ExchangeDbContext>>().CreateDbContextAsync(cancellationToken);
                var live = await LiveAlerts.ReadAsync(context, cancellationToken);
                output.Write(string.Create(CultureInfo.InvariantCulture, $"{"rule",-36} {"raised",8} {"due",8} {"precision",9} {"recall",7}\n"));
                foreach (var score in AlertTruth.Score(live, due))
                {
                    output.Write(string.Create(CultureInfo.InvariantCulture,
                        $"{score.Rule,-36} {score.Raised,8} {score.Due,8} {score.Precision,9:F4} {score.Recall,7:F4}\n"));
                }
            }

            return 0;
        });
        return command;
    }
}
