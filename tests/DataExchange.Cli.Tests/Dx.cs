using System.Diagnostics;

namespace DataExchange.Cli.Tests;

/// <summary>dx run as a person runs it: its own process, its exit code, what it printed on stdout and stderr.</summary>
internal static class Dx
{
    public sealed record Run(int ExitCode, string Output, string Error)
    {
        public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    public static async Task<Run> RunAsync(string workingDirectory, params string[] args)
    {
        var folder = AppContext.BaseDirectory;
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        start.ArgumentList.Add("exec");
        if (!File.Exists(Path.Combine(folder, "dx.runtimeconfig.json")))
        {
            // dx.dll as the test project copies it: run on the test's own runtime settings and dependencies.
            var self = Path.Combine(folder, typeof(Dx).Assembly.GetName().Name!);
            start.ArgumentList.Add("--runtimeconfig");
            start.ArgumentList.Add(self + ".runtimeconfig.json");
            start.ArgumentList.Add("--depsfile");
            start.ArgumentList.Add(self + ".deps.json");
        }

        start.ArgumentList.Add(Path.Combine(folder, "dx.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("DX_DEBUG");
        start.Environment.Remove("DX_CLIENT_ID");
        start.Environment.Remove("DX_CLIENT_SECRET");
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return new Run(process.ExitCode, await output, await error);
    }
}
