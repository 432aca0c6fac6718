using System.CommandLine;
using DataExchange.Cli.Commands;
using DataExchange.Cli.Inputs;

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

var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    return Mistakes.ReportParseErrors(parse, Console.Error);
}

try
{
    // Exceptions come here, not to System.CommandLine's handler, which prints the stack trace.
    return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception exception)
{
    return Mistakes.Report(parse, exception, Console.Error);
}
