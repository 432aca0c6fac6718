using DataExchange.Api.Hosting;
using DataExchange.Api.Hosting.Demo;

try
{
    // Settings from the host's own folder whatever the current directory (see HostFolder).
    var builder = WebApplication.CreateBuilder(HostFolder.Options(args));
    var demo = DemoSettings.From(builder.Configuration);
    if (demo.Refusal(builder.Environment) is { } refusal)
    {
        // A clear line and a failing exit code, before anything is set up; never a stack trace.
        await Console.Error.WriteLineAsync(refusal);
        return 1;
    }

    builder.AddDataExchange();

    var app = builder.Build();

    await app.PrepareDataExchangeAsync(CancellationToken.None);

    // Development only (refused above otherwise): an empty hub gets generated children and demo accounts.
    if (demo.Seed)
    {
        await ActivatorUtilities.CreateInstance<DemoSeed>(app.Services, demo).RunAsync(Console.Out, CancellationToken.None);
    }

    // The pipeline (middleware and endpoints) dx bench hosts too: see HostPipeline.
    app.UseDataExchange();

    await app.RunAsync();
    return 0;
}
catch (Exception error) when (error is not HostAbortedException) // the test host and dotnet-ef stop the build with it
{
    // A setting missing or wrong, a database out of reach, a port taken: the operator reads what to fix in a few lines,
    // never a stack trace (StartupFailure), and a service manager sees the failing exit code.
    await Console.Error.WriteLineAsync(StartupFailure.Describe(error));
    return 1;
}

/// <summary>Visible to the functional tests' WebApplicationFactory.</summary>
public partial class Program;
