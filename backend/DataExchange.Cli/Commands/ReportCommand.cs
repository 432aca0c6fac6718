using System.CommandLine;
using DataExchange.Reconciliation.Children;
using Microsoft.Extensions.DependencyInjection;

namespace DataExchange.Cli.Commands;

/// <summary>dx report --db CONNECTION: children, open review candidates, open conflicts and open alerts, one per line.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var db = new Option<string>("--db") { Description = "A SQLite file path, postgres:CONNSTRING, sqlserver:CONNSTRING or a connection string.", Required = true };
        var command = new Command("report", "Print the hub's reconciliation counts.") { db };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var services = await ReconcileDatabase.OpenAsync(parse.GetValue(db)!, cancellationToken);
            var (children, review, conflicts, alerts) = await services.GetRequiredService<ChildQueries>().CountAsync(cancellationToken);
            Console.Out.Write($"children: {children}\nreview_candidates: {review}\nconflicts: {conflicts}\nalerts: {alerts}\n");
            return 0;
        });
        return command;
    }
}
