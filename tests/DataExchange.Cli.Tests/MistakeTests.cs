using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DataExchange.Cli.Tests;

/// <summary>
/// The mistakes a new user makes, each answered by dx with one line that names the input and what to do, a
/// non-zero exit, no stack trace, and nothing created.
/// </summary>
public sealed class MistakeTests : IDisposable
{
    private const string EducationCsv = $"{ImportFolder.EducationHeader}\nED1,,张三,M,2015-03-07,511102,乐山,,,,,,\n";

    private readonly string root = Directory.CreateTempSubdirectory("dx-mistakes-").FullName;

    public MistakeTests()
    {
        Directory.CreateDirectory(Path.Combine(root, "files"));
        File.WriteAllText(Path.Combine(root, "files", "education.csv"), EducationCsv, new UTF8Encoding(false));
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    private string[] Entries() =>
        [.. Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories).Select(path => Path.GetRelativePath(root, path)).Order()];

    /// <summary>Runs dx and checks what every mistake must look like; returns the one line.</summary>
    private async Task<string> OneLineAsync(params string[] args)
    {
        var before = Entries();
        var run = await Dx.RunAsync(root, args);

        Assert.NotEqual(0, run.ExitCode);
        var line = Assert.Single(run.ErrorLines);
        Assert.StartsWith("dx ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", run.Error, StringComparison.Ordinal);
        Assert.Equal(before, Entries()); // Nothing created: no database, no folder, no output.
        return line;
    }

    [Fact]
    public async Task ReportOnAMistypedDatabasePathCreatesNothingAndSaysSo()
    {
        var line = await OneLineAsync("report", "--db", "hbu/dataexchange.db");

        Assert.Contains("--db", line, StringComparison.Ordinal);
        Assert.Contains("no such database", line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(root, "hbu")));
    }

    [Theory]
    [InlineData("report")]
    [InlineData("export-links")]
    [InlineData("audit verify")]
    [InlineData("audit head")]
    public async Task EveryVerbThatReadsADatabaseRefusesACsvGivenAsOne(string verb)
    {
        string[] extra = verb == "export-links" ? ["--out", "out"] : [];
        var line = await OneLineAsync([.. verb.Split(' '), "--db", "files/education.csv", .. extra]);

        Assert.Contains("files/education.csv is not a SQLite database", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnreachablePostgreSqlIsOneLineNamingWhereItWasLookedFor()
    {
        var port = ClosedPort();
        var line = await OneLineAsync("report", "--db", $"postgres:Host=127.0.0.1;Port={port};Username=dx;Password=secret-word;Timeout=5");

        Assert.Contains($"cannot use the PostgreSql database at 127.0.0.1:{port}", line, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-word", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportIntoAnUnreachablePostgreSqlIsRefusedBeforeAnyFileIsRead()
    {
        var line = await OneLineAsync("import", "files", "--db", $"postgres:Host=127.0.0.1;Port={ClosedPort()};Username=dx;Password=x;Timeout=5");

        Assert.Contains("cannot use the PostgreSql database", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportPointedAtAnHttp11PortSaysItIsNotTheGrpcPort()
    {
        using var portal = new Http11Listener();

        var line = await OneLineAsync("import", "files", "--server", portal.Address);

        Assert.Contains($"--server {portal.Address}: answers HTTP/1.1, not gRPC over HTTP/2: is it the portal port?", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportPointedAtAClosedPortSaysNothingAnswers()
    {
        var line = await OneLineAsync("import", "files", "--server", $"http://127.0.0.1:{ClosedPort()}");

        Assert.Contains("nothing answers there", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LinkWithAMissingTruthFileStopsBeforeLinkingAndWritesNothing()
    {
        var line = await OneLineAsync("link", "files", "--out", "out", "--truth", "truht.csv");

        Assert.Contains("--truth", line, StringComparison.Ordinal);
        Assert.Contains("truht.csv: no such file", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LinkWithAMissingModelFileDoesNotQuietlyUseTheShippedOne()
    {
        var line = await OneLineAsync("link", "files", "--out", "out", "--model", "my-model.json");

        Assert.Contains("--model", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportLinksWithAMissingDatabaseWritesNoOutputFolder()
    {
        var line = await OneLineAsync("export-links", "--db", "nothing-here.db", "--out", "out");

        Assert.Contains("no such database", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("import", "no-such-folder", "--db", "hub.db")]
    [InlineData("link", "no-such-folder", "--out", "out")]
    public async Task AMissingFolderIsNamed(params string[] args)
    {
        var line = await OneLineAsync(args);

        Assert.Contains("no folder", line, StringComparison.Ordinal);
        Assert.Contains("no-such-folder", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("report")]
    [InlineData("import", "files")]
    [InlineData("import", "files", "--db", "hub.db", "--encoding", "latin-1")]
    public async Task AMissingOrBadOptionIsOneLineNotTheHelpText(params string[] args)
    {
        var line = await OneLineAsync(args);

        Assert.Contains("--help lists the options", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReportOnAnEmptySqliteFileSaysItIsNoHubAndLeavesItEmpty()
    {
        File.WriteAllBytes(Path.Combine(root, "empty.db"), []);

        var line = await OneLineAsync("report", "--db", "empty.db");

        Assert.Contains("is not a hub database", line, StringComparison.Ordinal);
        Assert.Equal(0, new FileInfo(Path.Combine(root, "empty.db")).Length);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port; // Free again once stopped: nothing listens there.
    }

    /// <summary>What the portal port is to a gRPC client: an HTTP/1.1 server answering the HTTP/2 preface with 400.</summary>
    private sealed class Http11Listener : IDisposable
    {
        private readonly TcpListener listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource stop = new();

        public Http11Listener()
        {
            listener.Start();
            _ = ServeAsync();
        }

        public string Address => $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";

        private async Task ServeAsync()
        {
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    using var client = await listener.AcceptTcpClientAsync(stop.Token);
                    var stream = client.GetStream();
                    var buffer = new byte[4096];
                    _ = await stream.ReadAsync(buffer, stop.Token);
                    await stream.WriteAsync("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray(), stop.Token);
                }
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
            {
                // Stopped.
            }
        }

        public void Dispose()
        {
            stop.Cancel();
            listener.Stop();
            stop.Dispose();
        }
    }
}
