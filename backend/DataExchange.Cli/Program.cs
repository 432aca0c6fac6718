using System.CommandLine;
using DataExchange.Cli.Commands;

// dx: one verb per file under Commands/, each exposing a static Create().
var root = new RootCommand("dx: the DataExchange command-line tool")
{
    GenerateCommand.Create(),
    LinkCommand.Create(),
    ImportCommand.Create(),
    BenchCommand.Create(),
    AuditCommand.Create(),
    ReportCommand.Create(),
    ExportLinksCommand.Create(),
};

return await root.Parse(args).InvokeAsync();
