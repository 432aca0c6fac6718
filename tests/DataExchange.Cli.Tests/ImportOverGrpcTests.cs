using DataExchange.Cli.Bench;
using DataExchange.Cli.Import;
using DataExchange.Data.Providers;

namespace DataExchange.Cli.Tests;

public class ImportOverGrpcTests
{
    [Fact]
    public async Task ImportingOverGrpcStoresTheRowsAndASecondRunIsReportedUnchanged()
    {
        using var folder = new ImportFolder().Write("education.csv",
            $"{ImportFolder.EducationHeader}\nED1,,张三,M,2015-03-07,511102,乐山,,,,,,\nED2,,李四,F,2015-03-07,511102,乐山,,,99,,,\nED3,,王五,F\n");
        await using var host = await BenchHost.StartAsync(DatabaseOptions.Parse(folder.Database), CancellationToken.None);

        async Task<ImportResult> ImportAsync()
        {
            await using var target = ServerTarget.Open(host.Address.ToString(), new DevelopmentAgencyHeader(), TimeSpan.FromMinutes(1));
            return await new Importer(target, TextWriter.Null).RunAsync(folder.Files, CancellationToken.None);
        }

        var first = await ImportAsync();
        var second = await ImportAsync();

        Assert.Equal((1, 0, 2), (first.Accepted, first.Unchanged, first.Rejected));
        Assert.Equal([(3, "grade"), (4, "row")], first.RejectedRows.Select(row => (row.Line, row.Field)));
        Assert.Equal((0, 1, 2), (second.Accepted, second.Unchanged, second.Rejected));
    }
}
