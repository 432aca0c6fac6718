using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using DataExchange.ExchangeFiles.Generation;
using DataExchange.Domain.Agencies;

namespace DataExchange.Cli.Commands;

/// <summary>dx generate: synthetic agency files in the exchange format, with ground truth kept outside them.</summary>
internal static class GenerateCommand
{
    public static Command Create()
    {
        var children = new Option<int>("--children") { Description = "Number of children to generate.", DefaultValueFactory = _ => 5000 };
        var seed = new Option<ulong>("--seed") { Description = "Seed; the same seed always gives the same files.", DefaultValueFactory = _ => 1 };
        var outDir = new Option<string>("--out") { Description = "Folder for the five agency files.", Required = true };
        var truth = new Option<string?>("--truth") { Description = "Ground truth agency,source_id,person_id (outside --out; default beside it)." };
        var errors = new Option<string?>("--errors") { Description = "Optional log agency,source_id,error of every injected error (outside --out)." };
        var profile = new Option<string>("--profile") { Description = "Error rates: sample (like the shared sample) or hard (three times the errors).", DefaultValueFactory = _ => "sample" };
        profile.AcceptOnlyFromAmong([.. GenerationProfile.Names]);
        var rates = new Option<string[]>("--rate") { Description = "Override one rate, e.g. --rate id_digit_typo=0.05 (repeatable).", AllowMultipleArgumentsPerToken = false };

        var command = new Command("generate", "Write synthetic agency files in the exchange format, with ground truth.")
        {
            children, seed, outDir, truth, errors, profile, rates,
        };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var dir = parse.GetValue(outDir)!;
            var truthFile = parse.GetValue(truth) ?? OutputPaths.DefaultTruth(dir);
            var errorsFile = parse.GetValue(errors);
            var problem = OutputPaths.ProblemWith(dir, truthFile, "truth")
                ?? (errorsFile is null ? null : OutputPaths.ProblemWith(dir, errorsFile, "errors"));
            var chosen = GenerationProfile.ByName(parse.GetValue(profile)!)!;
            problem ??= ApplyRates(chosen, parse.GetValue(rates) ?? []);
            var count = parse.GetValue(children);
            problem ??= count < 1 ? "--children must be at least 1" : null;
            if (problem is not null)
            {
                error.WriteLine($"dx generate: {problem}");
                return 2;
            }

            var stopwatch = Stopwatch.StartNew();
            var step = Math.Max(100_000, count / 10);
            var next = step;
            var summary = DatasetGenerator.Run(
                new GenerationRequest(count, parse.GetValue(seed), dir, truthFile, errorsFile, chosen),
                made =>
                {
                    if (made >= next)
                    {
                        error.WriteLine($"  {made:N0} / {count:N0} children ({stopwatch.Elapsed.TotalSeconds:F1} s)");
                        next += step;
                    }
                });
            Report(output, summary, dir, truthFile, stopwatch.Elapsed);
            return 0;
        });
        return command;
    }

    private static string? ApplyRates(GenerationProfile profile, IEnumerable<string> overrides)
    {
        foreach (var item in overrides)
        {
            var parts = item.Split('=', 2);
            if (parts.Length != 2 || !ErrorKinds.TryParse(parts[0].Trim(), out var kind)
                || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) || rate is < 0 or > 1)
            {
                var known = string.Join(", ", Enum.GetValues<ErrorKind>().Select(k => k.ToCode()));
                return $"--rate '{item}' should be kind=rate with rate in 0..1; kinds: {known}";
            }

            profile.Set(kind, rate);
        }

        return null;
    }

    private static void Report(TextWriter output, GenerationSummary summary, string dir, string truthFile, TimeSpan elapsed)
    {
        output.WriteLine($"{summary.Children:N0} children in {elapsed.TotalSeconds:F1} s -> {Path.GetFullPath(dir)}");
        foreach (var (agency, records) in summary.Records)
        {
            output.WriteLine($"  {agency.ToCode() + ".csv",-24} {records,12:N0} records");
        }

        var total = summary.Records.Values.Sum();
        output.WriteLine($"  {"total",-24} {total,12:N0} records; truth: {Path.GetFullPath(truthFile)}");
        output.WriteLine("  records carrying each injected error (share of all records):");
        foreach (var (kind, n) in summary.Errors.Where(p => p.Value > 0))
        {
            var share = (double)n / total;
            output.WriteLine($"    {kind.ToCode(),-22} {n,10:N0}  {share,7:P2}");
        }
    }
}
