extern alias dx;

using DataExchange.Api.SecurityTests.Infrastructure;
using DataExchange.Data.Providers;
using dx::DataExchange.Cli.Import;
using Grpc.Core;
using Grpc.Net.Client;
using Agency = DataExchange.Domain.Agencies.Agency;

namespace DataExchange.Api.SecurityTests;

/// <summary>dx import --server as an agency system runs it: a client-credentials token from the hub, then the batch.</summary>
public sealed class ImportWithClientCredentialsTests : IAsyncLifetime
{
    private const string EducationHeader =
        "source_id,id_number,name,sex,birth_date,region_code,address,student_no,school_name,grade,enrollment_status,guardian_name,guardian_phone";

    private readonly string folder = Path.Combine(Path.GetTempPath(), "dx-import-cc", Guid.NewGuid().ToString("N"));
    private readonly SecurityHub hub = new(DatabaseProvider.Sqlite);

    private async Task<ImportResult> ImportAsync(string clientId, string secret, TextWriter? messages = null)
    {
        var identity = new ClientCredentialsIdentity(new Uri(hub.Server.BaseAddress, "/connect/token"), clientId, secret, hub.Server.CreateClient());
        var channel = GrpcChannel.ForAddress(hub.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = hub.Server.CreateHandler() });
        await using var target = new ServerTarget(channel, identity, TimeSpan.FromMinutes(1));
        return await new Importer(target, messages ?? TextWriter.Null).RunAsync(folder, CancellationToken.None);
    }

    [Fact]
    public async Task AnAgencySystemImportsItsFileWithItsClientCredentials()
    {
        File.WriteAllText(Path.Combine(folder, "education.csv"), $"{EducationHeader}\nED1,,张三,M,2015-03-07,511102,乐山,,,,,,\nED2,,李四,F,2015-03-07,511102,乐山,,,3,,,\n");

        var result = await ImportAsync(SecurityHub.ClientIdOf(Agency.Education), SecurityHub.SecretOf(Agency.Education));

        Assert.Equal((2, 0), (result.Accepted, result.Rejected));
        await using var db = await hub.Contexts().CreateDbContextAsync();
        Assert.Equal(2, db.SourceRecords.Count(record => record.Agency == "education"));
        Assert.Contains(db.AuditEntries, entry => entry.Principal == SecurityHub.ClientIdOf(Agency.Education) && entry.Rpc.EndsWith("/SubmitRecords") && entry.Outcome == "OK");
    }

    [Fact]
    public async Task AClientOfAnotherAgencyLeavesTheFileOutAndSendsNothing()
    {
        File.WriteAllText(Path.Combine(folder, "education.csv"), $"{EducationHeader}\nED1,,张三,M,2015-03-07,511102,乐山,,,,,,\n");

        var result = await ImportAsync(SecurityHub.ClientIdOf(Agency.Health), SecurityHub.SecretOf(Agency.Health));

        var notSent = Assert.Single(result.NotSent);
        Assert.Equal("education.csv", notSent.FileName);
        Assert.Contains("acts for health, not education", notSent.Reason, StringComparison.Ordinal);
        Assert.Empty(result.Files);
        Assert.Equal(1, result.ExitCode); // Nothing at all was sent: the person used the wrong credentials.
        await using var db = await hub.Contexts().CreateDbContextAsync();
        Assert.Empty(db.SourceRecords);
        Assert.DoesNotContain(db.AuditEntries, entry => entry.Rpc.EndsWith("/SubmitRecords"));
    }

    [Fact]
    public async Task AFolderOfSeveralAgenciesFilesSendsOnlyTheCallersOwnAndNamesTheOthers()
    {
        File.WriteAllText(Path.Combine(folder, "education.csv"), $"{EducationHeader}\nED1,,张三,M,2015-03-07,511102,乐山,,,,,,\n");
        File.WriteAllText(Path.Combine(folder, "health.csv"), "source_id,id_number,name,sex,birth_date,region_code,address\nHE1,,李四,F,2016-01-02,511102,乐山\n");
        File.WriteAllText(Path.Combine(folder, "civil_affairs.csv"), "source_id,id_number,name,sex,birth_date,region_code,address\nCA1,,王五,M,2014-02-03,511102,乐山\n");
        var messages = new StringWriter();

        var result = await ImportAsync(SecurityHub.ClientIdOf(Agency.Education), SecurityHub.SecretOf(Agency.Education), messages);

        Assert.Equal((1, 0, 0), (result.Accepted, result.Rejected, result.Skipped.Count));
        Assert.Equal(["civil_affairs.csv", "health.csv"], result.NotSent.Select(file => file.FileName));
        Assert.Equal(0, result.ExitCode); // Its own file went in; the others are not a failure, nor the host's refusal.
        var lines = messages.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains($"not sending health.csv: client {SecurityHub.ClientIdOf(Agency.Education)} acts for education, not health; "
            + "health's own system sends it with its own client", lines);
        Assert.DoesNotContain(lines, line => line.Contains("refused", StringComparison.Ordinal));
        await using var db = await hub.Contexts().CreateDbContextAsync();
        Assert.Equal(["education"], db.SourceRecords.Select(record => record.Agency).Distinct().ToArray());
        Assert.DoesNotContain(db.AuditEntries, entry => entry.Outcome == "PermissionDenied");
    }

    [Fact]
    public async Task AWrongSecretIsRefusedBeforeAnythingIsSent()
    {
        File.WriteAllText(Path.Combine(folder, "education.csv"), $"{EducationHeader}\nED1,,张三,M,2015-03-07,511102,乐山,,,,,,\n");

        var error = await Assert.ThrowsAsync<RpcException>(() => ImportAsync(SecurityHub.ClientIdOf(Agency.Education), "not-the-secret-at-all"));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(folder);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await hub.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }
}
