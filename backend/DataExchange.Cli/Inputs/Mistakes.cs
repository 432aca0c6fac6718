using System.CommandLine;
using System.CommandLine.Parsing;
using System.Data.Common;
using Grpc.Core;

namespace DataExchange.Cli.Inputs;

/// <summary>
/// The one place where anything that goes wrong in a verb becomes what the person reads: one line, naming the verb
/// and, for a mistake in the input, the input and what to do; never a stack trace (DX_DEBUG=1 adds it, for us).
/// Exit codes: 2 for a mistake in the arguments or inputs, 3 for a failure met while working, 130 when cancelled.
/// </summary>
public static class Mistakes
{
    public const int BadInput = 2;
    public const int Failed = 3;
    public const int Cancelled = 130;

    /// <summary>Parse errors (a missing option, a validator's complaint) as one line instead of the help text.</summary>
    public static int ReportParseErrors(ParseResult parse, TextWriter error)
    {
        var problems = string.Join("; ", parse.Errors.Select(e => DatabaseInput.OneLine(e.Message).TrimEnd('.')));
        var verb = VerbOf(parse);
        error.WriteLine($"{verb}: {problems} ({verb} --help lists the options)");
        return BadInput;
    }

    public static int Report(ParseResult parse, Exception exception, TextWriter error)
    {
        var (code, message) = exception switch
        {
            InputException input => (BadInput, input.Message),
            OperationCanceledException => (Cancelled, "cancelled"),
            RpcException rpc => (Failed, $"the host answered {rpc.StatusCode}: {rpc.Status.Detail}"),
            DbException db => (Failed, $"the database failed: {db.Message}"),
            FileNotFoundException file => (BadInput, $"no such file {file.FileName}"),
            DirectoryNotFoundException or IOException or UnauthorizedAccessException => (BadInput, exception.Message),
            _ => (Failed, $"unexpected {exception.GetType().Name}: {exception.Message} (DX_DEBUG=1 shows where)"),
        };
        error.WriteLine($"{VerbOf(parse)}: {DatabaseInput.OneLine(message)}");
        if (Environment.GetEnvironmentVariable("DX_DEBUG") == "1")
        {
            error.WriteLine(exception);
        }

        return code;
    }

    private static string VerbOf(ParseResult parse)
    {
        var names = new List<string>();
        for (SymbolResult? result = parse.CommandResult; result is not null; result = result.Parent)
        {
            if (result is CommandResult command && command.Parent is not null)
            {
                names.Insert(0, command.Command.Name);
            }
        }

        return string.Join(' ', ["dx", .. names]);
    }
}
