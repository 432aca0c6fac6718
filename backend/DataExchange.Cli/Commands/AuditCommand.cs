using System.CommandLine;
using DataExchange.Cli.Inputs;
using DataExchange.Data;
using DataExchange.Data.Audit;
using DataExchange.Data.Providers;
using Microsoft.EntityFrameworkCore;

namespace DataExchange.Cli.Commands;

/// <summary>
/// dx audit verify | head: checks the audit chain straight from the database (no host needed), and exports its
/// head digest so a later verify catches a truncated or rewritten tail.
/// </summary>
internal static class AuditCommand
{
    public static Command Create()
    {
        var db = new Option<string>("--db") { Description = "The hub's database: a SQLite path, sqlite:PATH, postgres:CONNSTRING or sqlserver:CONNSTRING.", Required = true };
        var head = new Option<string?>("--head") { Description = "The head digest exported earlier (SEQUENCE:HASH); a chain missing it or differing at it fails." };
        var verify = new Command("verify", "Verify the audit chain; names the first edited, deleted, inserted or reordered entry and exits 1.") { db, head };
        verify.SetAction((parse, cancellationToken) => VerifyAsync(parse.GetValue(db)!, parse.GetValue(head), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, cancellationToken));

        var headDb = new Option<string>("--db") { Description = "The hub's database, as for verify.", Required = true };
        var export = new Command("head", "Print the chain's head digest (SEQUENCE:HASH); keep it outside the database.") { headDb };
        export.SetAction((parse, cancellationToken) => HeadAsync(parse.GetValue(headDb)!, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, cancellationToken));

        return new Command("audit", "The tamper-evident audit log.") { verify, export };
    }

    /// <summary>Exit codes: 0 intact, 1 broken (the entry is named), 2 bad arguments.</summary>
    public static async Task<int> VerifyAsync(string database, string? head, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        AuditHead? expected = null;
        if (head is not null && !AuditHead.TryParse(head, out expected))
        {
            await error.WriteLineAsync("dx audit verify: --head must be SEQUENCE:HASH with a 64-digit hex hash");
            return 2;
        }

        await using var context = await OpenAsync(database, cancellationToken);
        var verdict = await AuditQueries.VerifyAsync(context, expected, cancellationToken);
        if (verdict.Failed)
        {
            await output.WriteLineAsync($"BROKEN at entry {verdict.FirstBadSequence}: {verdict.Problem}");
            await output.WriteLineAsync($"{verdict.Checked} entries before it verified.");
            return 1;
        }

        await output.WriteLineAsync($"intact: {verdict.Checked} entries verified; head {verdict.Head?.ToString() ?? "(empty chain)"}");
        return 0;
    }

    public static async Task<int> HeadAsync(string database, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        await using var context = await OpenAsync(database, cancellationToken);
        var head = await AuditQueries.HeadAsync(context, cancellationToken);
        if (head is null)
        {
            await error.WriteLineAsync("dx audit head: the audit chain is empty");
            return 1;
        }

        await output.WriteLineAsync(head.ToString());
        return 0;
    }

    // Read-only: the database must already be a hub's (a mistyped path is refused, never created).
    private static async Task<ExchangeDbContext> OpenAsync(string database, CancellationToken cancellationToken)
    {
        var builder = new DbContextOptionsBuilder<ExchangeDbContext>();
        DatabaseSetup.Configure(builder, await DatabaseInput.ExistingHubAsync(database, cancellationToken));
        return new ExchangeDbContext(builder.Options);
    }
}
