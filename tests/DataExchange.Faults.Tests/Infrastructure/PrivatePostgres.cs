using System.Diagnostics;

namespace DataExchange.Faults.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL server of the test's own, which it may stop and start (the shared DX_TEST_POSTGRES server must stay up
/// for the other tests): initdb and pg_ctl in a temporary folder, on a port of this suite's range, as
/// infra/scripts/postgres.sh starts one (as Debian's postgres user when run as root).
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("dx-fault-pg-").FullName;
    private readonly string bin;

    private PrivatePostgres(string bin, int port)
    {
        this.bin = bin;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Password=unused;Include Error Detail=true";

    private string DataFolder => Path.Combine(folder, "data");

    /// <summary>The newest /usr/lib/postgresql/N/bin, or null when PostgreSQL's server binaries are not installed.</summary>
    public static string? Binaries() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(dir => Path.Combine(dir, "bin"))
                .Where(dir => File.Exists(Path.Combine(dir, "pg_ctl"))).OrderBy(dir => int.TryParse(Path.GetFileName(Path.GetDirectoryName(dir)), out var major) ? major : 0).LastOrDefault()
            : null;

    public static async Task<PrivatePostgres> LaunchAsync()
    {
        var bin = Binaries() ?? throw new InvalidOperationException("PostgreSQL's server binaries (/usr/lib/postgresql/N/bin) are not installed.");
        var server = new PrivatePostgres(bin, LoopbackPorts.Take());
        if (Environment.UserName == "root")
        {
            await RunAsync("chown", "postgres:postgres", server.folder);
        }

        await server.AsServerUserAsync("initdb", "-D", server.DataFolder, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8");
        await server.StartAsync();
        return server;
    }

    // synchronous_commit on: an immediate stop is a server crash, and what a host was told is committed must survive it
    // (fsync off only risks the operating system crashing, which these tests do not do).
    public Task StartAsync() => AsServerUserAsync("pg_ctl", "-D", DataFolder, "-l", Path.Combine(folder, "server.log"), "-w", "-o",
        $"-p {Port} -k {folder} -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off -c synchronous_commit=on", "start");

    /// <summary>Stops the server at once (every connection cut, as a crash or a fast restart would).</summary>
    public Task StopAsync() => AsServerUserAsync("pg_ctl", "-D", DataFolder, "-m", "immediate", "-w", "stop");

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Left to the temp cleaner.
        }
    }

    private Task AsServerUserAsync(string tool, params string[] arguments) =>
        Environment.UserName == "root"
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(bin, tool), .. arguments])
            : RunAsync(Path.Combine(bin, tool), arguments);

    private static async Task RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await error}{await output}");
        }
    }
}
