using System.CommandLine;
using System.Globalization;
using DataExchange.Cli.Commands;
using DataExchange.ExchangeFiles.Generation;
using DataExchange.Cli.Import;
using DataExchange.Data.Providers;
using DataExchange.Domain.Normalization;

namespace DataExchange.Cli.Tests;

/// <summary>dx generate's dates against its as-of date, a clean import of what it writes, and dx report --truth on it.</summary>
public sealed class GeneratedAlertsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("dx-alerts-").FullName;

    private string Out => Path.Combine(_root, "out");
    private string Database => Path.Combine(_root, "exchange.db");
    private string AlertTruth => Path.Combine(_root, "alerts.csv");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }

    private void Generate(int children, ulong seed, DateOnly asOf, GenerationProfile profile) =>
        DatasetGenerator.Run(new GenerationRequest(children, seed, Out, Path.Combine(_root, "truth.csv"), null, profile)
        {
            AsOf = asOf,
            AlertTruthFile = AlertTruth,
        });

    private async Task<ImportResult> ImportAsync(DateOnly? asOf)
    {
        await using var target = await DatabaseTarget.OpenAsync(DatabaseOptions.Parse(Database), CancellationToken.None, asOf);
        return await new Importer(target, TextWriter.Null).RunAsync(Out, CancellationToken.None);
    }

    [Fact]
    public async Task AGeneratedDatasetAsOfTodayImportsWithZeroRejectionsEvenWithEveryDateSlipFrequent()
    {
        // Birth dates of children born up to today, a digit, a day or day and month slipped in one record in three.
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var profile = GenerationProfile.Hard();
        profile.Set(ErrorKind.DateDigit, 0.3);
        profile.Set(ErrorKind.DateDayOff, 0.3);
        profile.Set(ErrorKind.DateDayMonthSwap, 0.5);
        Generate(3_000, seed: 11, today, profile);

        var result = await ImportAsync(today);

        Assert.True(result.Accepted > 8_000, $"{result.Accepted} accepted");
        Assert.Equal(0, result.Rejected);
    }

    [Fact]
    public void NoGeneratedDateLiesAfterTheAsOfDate()
    {
        var asOf = new DateOnly(2024, 3, 1);
        var profile = GenerationProfile.Hard();
        profile.Set(ErrorKind.DateDigit, 0.3);
        Generate(3_000, seed: 12, asOf, profile);

        var dates = Directory.GetFiles(Out, "*.csv").SelectMany(file =>
        {
            var (_, rows) = GeneratedData.ReadCsv(file);
            return rows.SelectMany(row => new[] { row["birth_date"], row.GetValueOrDefault("last_visit_date", "") });
        }).Where(value => value.Length > 0).Select(value => DateSpellings.TryParse(value, out var day) ? day : DateOnly.MaxValue).ToList();

        Assert.True(dates.Count > 8_000);
        Assert.All(dates, day => Assert.True(day <= asOf, $"{day} is after {asOf}"));
        Assert.Contains(dates, day => day > asOf.AddDays(-40)); // relative to the as-of date, not to a fixed year
    }

    [Fact]
    public async Task DxReportWithTheAlertTruthPrintsEachRulesPrecisionAndRecall()
    {
        var asOf = new DateOnly(2026, 6, 1);
        Generate(2_000, seed: 13, asOf, GenerationProfile.Sample());
        Assert.Equal(0, (await ImportAsync(asOf)).Rejected);

        var output = new StringWriter();
        var exit = await ReportCommand.Create().Parse(["--db", Database, "--truth", AlertTruth])
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = TextWriter.Null });

        Assert.Equal(0, exit);
        var rows = output.ToString().Split('\n').Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(parts => parts.Length == 5 && parts[0] != "rule").ToDictionary(parts => parts[0], parts => parts[1..]);
        foreach (var rule in new[] { "VulnerableChildDroppedOut", "DisabledChildUnknownToCivilAffairs", "PossiblyOutOfSchool", "VisitOverdue", "IdentityInconsistency" })
        {
            Assert.True(rows.TryGetValue(rule, out var figures), $"no line for {rule} in:\n{output}");
            var (raised, due) = (int.Parse(figures[0], CultureInfo.InvariantCulture), int.Parse(figures[1], CultureInfo.InvariantCulture));
            var (precision, recall) = (double.Parse(figures[2], CultureInfo.InvariantCulture), double.Parse(figures[3], CultureInfo.InvariantCulture));
            Assert.True(raised > 0 && due > 0, $"{rule}: {raised} raised, {due} due");
            // On data linked as well as the sample's, every rule finds nearly all it should and little else.
            Assert.True(precision >= 0.8 && recall >= 0.8, $"{rule}: precision {precision}, recall {recall}\n{output}");
        }
    }

    [Fact]
    public async Task DxReportJudgedOnTheWrongDayShowsTheVisitRuleOff()
    {
        // The same files judged a year late: every visit is overdue, which the truth (as of the generation day) denies.
        var asOf = new DateOnly(2026, 6, 1);
        Generate(1_000, seed: 14, asOf, GenerationProfile.Sample());
        await ImportAsync(asOf.AddYears(1));

        var output = new StringWriter();
        await ReportCommand.Create().Parse(["--db", Database, "--truth", AlertTruth]).InvokeAsync(new InvocationConfiguration { Output = output, Error = TextWriter.Null });

        var visit = output.ToString().Split('\n').Single(line => line.StartsWith("VisitOverdue", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(double.Parse(visit[3], CultureInfo.InvariantCulture) < 0.5, string.Join(' ', visit));
    }

    [Fact]
    public async Task DxReportNamesAMissingTruthFileInOneLine()
    {
        var error = new StringWriter();
        var exit = await ReportCommand.Create().Parse(["--db", Database, "--truth", Path.Combine(_root, "nope.csv")])
            .InvokeAsync(new InvocationConfiguration { Output = TextWriter.Null, Error = error });

        Assert.Equal(2, exit);
        Assert.StartsWith("dx report: no alert truth file", error.ToString());
        Assert.False(File.Exists(Database));
    }
}
