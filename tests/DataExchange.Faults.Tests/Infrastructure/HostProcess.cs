using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace DataExchange.Faults.Tests.Infrastructure;

/// <summary>
/// One hub host as an operator runs it: <c>dotnet DataExchange.Api.dll</c> from its build folder, configured through
/// environment variables, on two loopback ports of its own. <see cref="Kill"/> is SIGKILL: no shutdown code runs.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly IReadOnlyDictionary<string, string> settings;
    private readonly ConcurrentQueue<string> output = new();
    private Process? process;

    public HostProcess(string name, IReadOnlyDictionary<string, string> settings)
    {
        Name = name;
        this.settings = settings;
        PortalPort = LoopbackPorts.Take();
        GrpcPort = LoopbackPorts.Take();
    }

    public string Name { get; }

    public int PortalPort { get; }

    public int GrpcPort { get; }

    public string PortalUrl => $"http://127.0.0.1:{PortalPort}";

    public string GrpcUrl => $"http://127.0.0.1:{GrpcPort}";

    public bool Running => process is { HasExited: false };

    /// <summary>The host's last lines of console output, for a failing test's message.</summary>
    public string Output => string.Join('\n', output.TakeLast(60));

    /// <summary>The built host: backend/DataExchange.Api/bin/{configuration}/{framework}/DataExchange.Api.dll beside this suite's own build.</summary>
    public static string Dll
    {
        get
        {
            var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var framework = here.Name;
            var configuration = here.Parent!.Name;
            var root = here;
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "DataExchange.sln")))
            {
                root = root.Parent;
            }

            var dll = Path.Combine(root?.FullName ?? throw new InvalidOperationException("DataExchange.sln not found above " + AppContext.BaseDirectory),
                "backend", "DataExchange.Api", "bin", configuration, framework, "DataExchange.Api.dll");
            return File.Exists(dll) ? dll : throw new InvalidOperationException($"{dll} is not built: build DataExchange.sln first.");
        }
    }

    /// <summary>Starts the process and waits until its gRPC health check answers SERVING.</summary>
    public async Task StartAsync(TimeSpan? within = null)
    {
        var dll = Dll;
        var start = new ProcessStartInfo("dotnet")
        {
            // As a service manager would start it: from the application's folder.
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        start.Environment["Kestrel__Endpoints__Portal__Url"] = PortalUrl;
        start.Environment["Kestrel__Endpoints__Portal__Protocols"] = "Http1AndHttp2";
        start.Environment["Kestrel__Endpoints__Grpc__Url"] = GrpcUrl;
        start.Environment["Kestrel__Endpoints__Grpc__Protocols"] = "Http2";
        output.Clear();
        process = Process.Start(start)!;
        process.OutputDataReceived += (_, line) => Keep(line.Data);
        process.ErrorDataReceived += (_, line) => Keep(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await ServingAsync(within ?? TimeSpan.FromSeconds(90));
    }

    /// <summary>SIGKILL, and waits for the process to be gone.</summary>
    public void Kill()
    {
        if (process is { HasExited: false } running)
        {
            running.Kill(entireProcessTree: false); // SIGKILL on Linux.
            running.WaitForExit();
        }
    }

    public GrpcChannel Channel() => GrpcChannel.ForAddress(GrpcUrl, new GrpcChannelOptions { MaxReceiveMessageSize = 64 * 1024 * 1024 });

    public ValueTask DisposeAsync()
    {
        Kill();
        process?.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task ServingAsync(TimeSpan within)
    {
        using var channel = Channel();
        var health = new Health.HealthClient(channel);
        var until = DateTime.UtcNow + within;
        while (true)
        {
            if (process!.HasExited)
            {
                throw new InvalidOperationException($"host {Name} exited with {process.ExitCode} while starting:\n{Output}");
            }

            try
            {
                var reply = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(2));
                if (reply.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    return;
                }
            }
            catch (Grpc.Core.RpcException)
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"host {Name} did not answer SERVING within {within.TotalSeconds} s:\n{Output}");
            }

            await Task.Delay(250);
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        output.Enqueue(line);
        while (output.Count > 400 && output.TryDequeue(out _))
        {
        }
    }
}
