using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace DataExchange.Api.FunctionalTests.Hosting;

/// <summary>
/// The built host started as a service manager starts it: from another working directory. It reads the
/// appsettings.json in its own folder (its Kestrel endpoints, native gRPC over cleartext HTTP/2) and keeps its data
/// where that file says, relative to its own folder.
/// </summary>
public sealed class HostFolderTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("dx-host-folder-").FullName;

    [Fact]
    public async Task AHostStartedFromAnotherFolderListensWhereItsOwnAppsettingsSay()
    {
        var folder = InstallHost();
        var (portal, grpc) = (FreePort(), FreePort());
        await File.WriteAllTextAsync(Path.Combine(folder, "appsettings.json"), JsonSerializer.Serialize(new
        {
            Kestrel = new
            {
                Endpoints = new
                {
                    Portal = new { Url = $"http://127.0.0.1:{portal}", Protocols = "Http1AndHttp2" },
                    Grpc = new { Url = $"http://127.0.0.1:{grpc}", Protocols = "Http2" },
                },
            },
            Database = new { Provider = "Sqlite", ConnectionString = "Data Source=data/hub.db" },
            Identity = new { KeysFolder = "data/keys", AllowGeneratedKeys = true },
        }));
        var elsewhere = Directory.CreateDirectory(Path.Combine(root, "elsewhere")).FullName;

        using var host = Process.Start(new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            ArgumentList = { Path.Combine(folder, "DataExchange.Api.dll") },
            WorkingDirectory = elsewhere,
            Environment = { ["ASPNETCORE_ENVIRONMENT"] = "Production", ["ASPNETCORE_URLS"] = "", ["DOTNET_ENVIRONMENT"] = "" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = new System.Text.StringBuilder();
        host.OutputDataReceived += (_, line) => { lock (output) { output.AppendLine(line.Data); } };
        host.ErrorDataReceived += (_, line) => { lock (output) { output.AppendLine(line.Data); } };
        host.BeginOutputReadLine();
        host.BeginErrorReadLine();
        try
        {
            // h2c on the gRPC port: only an endpoint configured Http2 answers cleartext HTTP/2 with prior knowledge.
            using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpc}");
            var status = await UntilServingAsync(new Health.HealthClient(channel), host);
            Assert.True(status == HealthCheckResponse.Types.ServingStatus.Serving, $"gRPC health on :{grpc}: {status}\n{Output(output)}");

            using var http = new HttpClient();
            Assert.Equal("Healthy\n", await http.GetStringAsync($"http://127.0.0.1:{portal}/health/live"));
            Assert.True(File.Exists(Path.Combine(folder, "data", "hub.db")), "the database is in the host's folder");
            Assert.False(Directory.Exists(Path.Combine(elsewhere, "data")), "nothing is written where the host was started");
        }
        finally
        {
            host.Kill(entireProcessTree: true);
            await host.WaitForExitAsync();
        }
    }

    /// <summary>
    /// A host that cannot start (production without its certificates; a database out of reach; a port already taken)
    /// says what to fix in a few lines on stderr and exits 1, never with a stack trace (the structured log on stdout keeps
    /// the detail for the operator's log store).
    /// </summary>
    [Theory]
    [InlineData("certificates", "Identity:SigningCertificatePath")]
    [InlineData("database", "Failed to connect to 127.0.0.1")]
    [InlineData("port", "address already in use")]
    public async Task AHostThatCannotStartSaysWhyInAFewLinesWithoutAStackTrace(string fault, string expected)
    {
        var folder = InstallHost();
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var takenPort = ((IPEndPoint)taken.LocalEndpoint).Port;
        var portal = fault == "port" ? takenPort : FreePort();
        var settings = new Dictionary<string, object>
        {
            ["Kestrel"] = new { Endpoints = new { Portal = new { Url = $"http://127.0.0.1:{portal}" }, Grpc = new { Url = $"http://127.0.0.1:{FreePort()}", Protocols = "Http2" } } },
            ["Database"] = fault == "database"
                ? new { Provider = "PostgreSql", ConnectionString = $"Host=127.0.0.1;Port={takenPort};Username=dx;Password=unused;Timeout=3" }
                : new { Provider = "Sqlite", ConnectionString = "Data Source=data/hub.db" },
            ["Identity"] = fault == "certificates" ? new { KeysFolder = "data/keys", AllowGeneratedKeys = false } : new { KeysFolder = "data/keys", AllowGeneratedKeys = true },
        };
        await File.WriteAllTextAsync(Path.Combine(folder, "appsettings.json"), JsonSerializer.Serialize(settings));
        if (fault == "database")
        {
            taken.Stop(); // nothing listens there any more: connection refused
        }

        using var host = Process.Start(new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            ArgumentList = { Path.Combine(folder, "DataExchange.Api.dll") },
            WorkingDirectory = folder,
            Environment = { ["ASPNETCORE_ENVIRONMENT"] = "Production", ["ASPNETCORE_URLS"] = "", ["DOTNET_ENVIRONMENT"] = "" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var stdout = host.StandardOutput.ReadToEndAsync();
        var stderr = host.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await host.WaitForExitAsync(timeout.Token);
        await stdout; // the structured log, which may carry an exception's detail for the operator's log store
        var said = await stderr;

        Assert.Equal(1, host.ExitCode);
        Assert.StartsWith("The hub could not start:", said, StringComparison.Ordinal);
        Assert.True(said.Contains(expected, StringComparison.OrdinalIgnoreCase), said);
        Assert.True(said.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length <= 6, said);
        Assert.DoesNotMatch(@"(?m)^\s+at \S+\(", said); // a stack frame
        Assert.DoesNotContain("Exception", said, StringComparison.Ordinal);
    }

    /// <summary>
    /// The host's built files in a folder of their own (hard links to this test's output, which holds the host with
    /// its runtimeconfig), with an appsettings.json of the test's own.
    /// </summary>
    private string InstallHost()
    {
        var folder = Path.Combine(root, "host");
        using (var copy = Process.Start(new ProcessStartInfo("cp", ["-al", AppContext.BaseDirectory.TrimEnd('/'), folder]))!)
        {
            copy.WaitForExit();
            Assert.Equal(0, copy.ExitCode);
        }

        foreach (var settings in Directory.GetFiles(folder, "appsettings*.json"))
        {
            File.Delete(settings); // A hard link: the test output's own file stays.
        }

        return folder;
    }

    private static async Task<HealthCheckResponse.Types.ServingStatus?> UntilServingAsync(Health.HealthClient health, Process host)
    {
        // Generous: the host applies every migration to a new SQLite file before it listens, which took most of a
        // minute once on a machine loaded 15 times over (a CI run beside three benchmarking builds). The test is about
        // where the host listens, not how fast it starts.
        var deadline = DateTime.UtcNow.AddSeconds(150);
        while (DateTime.UtcNow < deadline && !host.HasExited)
        {
            try
            {
                var reply = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(2));
                if (reply.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    return reply.Status;
                }
            }
            catch (global::Grpc.Core.RpcException)
            {
                // Not listening yet, or the database not yet probed.
            }

            await Task.Delay(250);
        }

        return null;
    }

    private static string Output(System.Text.StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
            // Left to the temp cleaner.
        }
    }
}
