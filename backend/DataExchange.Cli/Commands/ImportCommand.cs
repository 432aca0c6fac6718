using System.CommandLine;
using DataExchange.Cli.Import;
using DataExchange.Cli.Inputs;
using DataExchange.ExchangeFiles.Reading;
using Grpc.Core;

namespace DataExchange.Cli.Commands;

/// <summary>dx import DIR: load a folder of exchange files into the hub, in-process (--db) or over gRPC (--server).</summary>
internal static class ImportCommand
{
    public static Command Create()
    {
        var directory = new Argument<DirectoryInfo>("dir")
        {
            Description = "Folder of exchange files (public_security.csv, education.xlsx, ...; Chinese headers such as 身份证号 are read too).",
        };
        var db = new Option<string>("--db") { Description = "Write in-process: a SQLite file path, postgres:CONNSTRING, sqlserver:CONNSTRING or a connection string." };
        var server = new Option<string>("--server") { Description = "Send over gRPC to a running host, e.g. http://localhost:5081." };
        var rejects = new Option<FileInfo>("--rejects") { Description = "Where to write refused rows (default: DIR/../rejects.csv); written only when a row is refused." };
        var prefix = new Option<string>("--batch-key-prefix") { Description = "Prefix for the batch keys derived from each file's content hash.", DefaultValueFactory = _ => "" };
        var showProgress = new Option<bool>("--progress") { Description = "Report progress on stderr even when it is not a terminal." };
        var timeout = new Option<int>("--timeout") { Description = "--server: deadline for each file's call, in seconds.", DefaultValueFactory = _ => 1800 };
        var clientId = new Option<string>("--client-id") { Description = $"--server: the agency system's client id (or ${ClientCredentialsIdentity.ClientIdVariable})." };
        var clientSecret = new Option<string>("--client-secret") { Description = $"--server: its client secret (or ${ClientCredentialsIdentity.ClientSecretVariable}; prefer the variable: arguments show in process lists)." };
        var tokenUrl = new Option<string>("--token-url") { Description = "--server: the token endpoint (default: /connect/token on the --server origin)." };
        var encoding = EncodingOption();

        var command = new Command("import", "Import a folder of agency exchange files. Exit code 1 when a file was skipped or a row refused.")
        {
            directory, db, server, rejects, prefix, showProgress, timeout, clientId, clientSecret, tokenUrl, encoding,
        };
        command.Validators.Add(result =>
        {
            if ((result.GetValue(db) is null) == (result.GetValue(server) is null))
            {
                result.AddError("Give exactly one of --db or --server.");
            }

            if (result.GetValue(server) is { } url && !Uri.TryCreate(url, UriKind.Absolute, out _))
            {
                result.AddError($"--server '{url}' is not an absolute URL such as http://localhost:5081.");
            }

            if ((result.GetValue(prefix)?.Length ?? 0) > Importer.MaxBatchKeyPrefixLength)
            {
                result.AddError($"--batch-key-prefix is at most {Importer.MaxBatchKeyPrefixLength} characters.");
            }
        });

        command.SetAction(async (parse, cancellationToken) =>
        {
            var folder = parse.GetValue(directory)!;
            if (!folder.Exists)
            {
                throw new InputException($"no folder {folder.FullName}; give the folder that holds the agency files");
            }

            if (parse.GetValue(timeout) < 1)
            {
                throw new InputException("--timeout is at least 1 second");
            }

            // Inputs first: a database that is not one, or a server that is not a hub's gRPC port, before any file is read.
            var database = parse.GetValue(db) is { } spec ? await DatabaseInput.ForWritingAsync(spec, cancellationToken) : null;
            if (database is null)
            {
                await ServerInput.CheckAsync(parse.GetValue(server)!, cancellationToken);
            }

            var progress = !Console.IsErrorRedirected ? new ImportProgress(Console.Error, redraw: true)
                : parse.GetValue(showProgress) ? new ImportProgress(Console.Error, redraw: false)
                : null;
            try
            {
                await using IRecordTarget target = database is not null
                    ? await DatabaseTarget.OpenAsync(database, cancellationToken)
                    : ServerTarget.Open(parse.GetValue(server)!, IdentityFor(parse, server, clientId, clientSecret, tokenUrl), TimeSpan.FromSeconds(parse.GetValue(timeout)));
                var importer = new Importer(target, Console.Error, progress, parse.GetValue(prefix) ?? "", parse.GetValue(encoding));
                var result = await importer.RunAsync(folder.FullName, cancellationToken);

                ImportReport.WriteSummary(Console.Out, result);
                var rejectsPath = parse.GetValue(rejects)?.FullName ?? Path.Combine(folder.FullName, "..", "rejects.csv");
                if (result.Rejected > 0)
                {
                    ImportReport.WriteRejects(rejectsPath, result);
                    Console.Out.WriteLine($"{result.Rejected} refused rows written to {Path.GetFullPath(rejectsPath)}");
                }

                return result.ExitCode;
            }
            catch (RpcException exception)
            {
                await Console.Error.WriteLineAsync($"dx import: the host refused the call: {exception.Status.StatusCode}: {DatabaseInput.OneLine(exception.Status.Detail)}");
                return Mistakes.Failed;
            }
        });
        return command;
    }

    /// <summary>--encoding for the verbs that read agency files (dx import, dx link).</summary>
    public static Option<FileEncoding> EncodingOption()
    {
        var option = new Option<FileEncoding>("--encoding")
        {
            Description = "CSV text encoding: auto (UTF-8, else GB18030, saying so), utf-8, gb18030 or gbk.",
            DefaultValueFactory = _ => FileEncoding.Auto,
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "auto";
                if (FileEncodings.TryParse(text, out var chosen))
                {
                    return chosen;
                }

                result.AddError($"--encoding '{text}' is not one of {string.Join(", ", FileEncodings.Names)}.");
                return FileEncoding.Auto;
            },
        };
        return option;
    }

    /// <summary>Client credentials from the options or the environment; without them, the Development header (test hosts that opt in).</summary>
    private static IAgencyCallIdentity IdentityFor(ParseResult parse, Option<string> server, Option<string> clientId, Option<string> clientSecret, Option<string> tokenUrl)
    {
        var id = parse.GetValue(clientId) ?? Environment.GetEnvironmentVariable(ClientCredentialsIdentity.ClientIdVariable);
        var secret = parse.GetValue(clientSecret) ?? Environment.GetEnvironmentVariable(ClientCredentialsIdentity.ClientSecretVariable);
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(secret))
        {
            Console.Error.WriteLine($"dx import: no client credentials (--client-id/--client-secret or {ClientCredentialsIdentity.ClientIdVariable}/{ClientCredentialsIdentity.ClientSecretVariable}); the host will refuse the calls.");
            return new DevelopmentAgencyHeader();
        }

        var endpoint = parse.GetValue(tokenUrl) is { } url ? new Uri(url, UriKind.Absolute) : ClientCredentialsIdentity.TokenEndpointFor(parse.GetValue(server)!);
        return new ClientCredentialsIdentity(endpoint, id, secret);
    }
}
