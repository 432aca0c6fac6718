using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using DataExchange.Cli.Inputs;
using DataExchange.ExchangeFiles.Reading;
using DataExchange.Matching.Calibration;
using DataExchange.Matching.Diagnostics;
using DataExchange.Matching.Evaluation;
using DataExchange.Matching.Features;
using DataExchange.Matching.Io;
using DataExchange.Matching.Linking;
using DataExchange.Matching.Scoring;
using DataExchange.Matching.Training;

namespace DataExchange.Cli.Commands;

/// <summary>
/// dx link: batch record linkage over a folder of agency files.
/// <code>
/// dx link DIR --out OUTDIR [--truth FILE]        links.csv + review.csv, quality and reliability against a truth file
/// dx link DIR --train --model FILE               fit m (EM) and u (random pairs) and write the model file
/// dx link DIR --out OUTDIR --diagnostics         also model-report.txt and model-chart.svg
/// dx link DIR --bench [--truth FILE]             timings, comparisons/s, peak memory, incremental latency
/// dx link DIR --truth FILE --calibrate --model FILE   fit the score calibration and write it into the model file
///     [--calibrate-with RUN ...]                       more generated runs pooled into the fit (truth: RUN-truth.csv beside RUN)
/// </code>
/// </summary>
internal static class LinkCommand
{
    public static Command Create()
    {
        var directory = new Argument<DirectoryInfo>("dir") { Description = "Folder of agency exchange files (public_security.csv, ...)." };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Write links.csv and review.csv here." };
        var truth = new Option<FileInfo?>("--truth") { Description = "agency,source_id,person_id file: print pairwise precision, recall, reach." };
        var train = new Option<bool>("--train") { Description = "Fit a model on DIR and write it to --model." };
        var model = new Option<FileInfo?>("--model") { Description = "Model file to read (or to write with --train); default: the shipped model." };
        var diagnostics = new Option<bool>("--diagnostics") { Description = "Print the per-level m/u/weight report; with --out also write model-report.txt and model-chart.svg." };
        var bench = new Option<bool>("--bench") { Description = "Benchmark: stage timings, comparisons per second, peak memory, incremental latency." };
        var linkThreshold = new Option<double?>("--link-threshold") { Description = "Override the model's link threshold (match weight)." };
        var reviewThreshold = new Option<double?>("--review-threshold") { Description = "Override the model's review threshold (match weight)." };
        var calibrate = new Option<bool>("--calibrate") { Description = "With --truth and --model: fit the score calibration on DIR and write it into the model file." };
        var calibrateWith = new Option<DirectoryInfo[]>("--calibrate-with")
        {
            Description = "With --calibrate: more generated runs to pool into the fit, each linked at its own size; each RUN's truth is RUN-truth.csv beside it (where dx generate writes it).",
            AllowMultipleArgumentsPerToken = true,
        };
        var explain = new Option<int>("--explain") { Description = "With --truth: print this many false merges and missed links with their comparison vectors." };
        var encoding = ImportCommand.EncodingOption();
        var command = new Command("link", "Link each child's records across agencies (Fellegi-Sunter, Splink-shaped).")
        {
            directory, output, truth, train, model, diagnostics, bench, linkThreshold, reviewThreshold, explain, calibrate, calibrateWith, encoding,
        };
        command.SetAction(parse => Run(new Settings(
            parse.GetValue(directory)!, parse.GetValue(output), parse.GetValue(truth), parse.GetValue(train), parse.GetValue(model),
            parse.GetValue(diagnostics), parse.GetValue(bench), parse.GetValue(linkThreshold), parse.GetValue(reviewThreshold),
            parse.GetValue(explain), parse.GetValue(calibrate))
        {
            Encoding = parse.GetValue(encoding),
            CalibrateWith = parse.GetValue(calibrateWith) ?? [],
        }));
        return command;
    }

    private sealed record Settings(
        DirectoryInfo Directory, DirectoryInfo? Output, FileInfo? Truth, bool Train, FileInfo? Model,
        bool Diagnostics, bool Bench, double? LinkThreshold, double? ReviewThreshold, int Explain, bool Calibrate)
    {
        public FileEncoding Encoding { get; init; }
        public DirectoryInfo[] CalibrateWith { get; init; } = [];
    }

    /// <summary>Every input checked before any work: a missing truth or model file is a mistake, not a late crash.</summary>
    private static void Check(Settings settings)
    {
        if (!settings.Directory.Exists)
        {
            throw new InputException($"no folder {settings.Directory.FullName}; give the folder that holds the agency files");
        }

        if (settings.Train && settings.Model is null)
        {
            throw new InputException("--train needs --model FILE to write the model to");
        }

        if (settings.Truth is { Exists: false } truth)
        {
            throw new InputException($"--truth {truth.FullName}: no such file; give the agency,source_id,person_id file");
        }

        if (settings.Model is { Exists: false } model && !settings.Train)
        {
            throw new InputException($"--model {model.FullName}: no such file; leave --model out for the shipped model");
        }

        if (settings.Output is { } output && File.Exists(output.FullName))
        {
            throw new InputException($"--out {output.FullName} is a file; give a folder to write links.csv and review.csv in");
        }

        if (settings.Calibrate && (settings.Truth is null || settings.Model is null))
        {
            throw new InputException("--calibrate needs --truth FILE (the labels) and --model FILE (the model to calibrate and write)");
        }

        if (settings.CalibrateWith.Length > 0 && !settings.Calibrate)
        {
            throw new InputException("--calibrate-with only adds runs to --calibrate; give --calibrate --truth FILE --model FILE too");
        }

        foreach (var run in settings.CalibrateWith)
        {
            if (!run.Exists)
            {
                throw new InputException($"--calibrate-with {run.FullName}: no such folder; give a folder dx generate wrote");
            }

            if (!File.Exists(OutputTruth(run)))
            {
                throw new InputException($"--calibrate-with {run.FullName}: no truth file {OutputTruth(run)} beside it; generate the run with dx generate --out {run.FullName}");
            }
        }

        if (settings.Explain > 0 && settings.Truth is null)
        {
            throw new InputException("--explain needs --truth FILE: false merges and missed links are found against the truth");
        }
    }

    /// <summary>Where dx generate writes a run's truth: DIR-truth.csv beside DIR.</summary>
    private static string OutputTruth(DirectoryInfo run) => DataExchange.ExchangeFiles.Generation.OutputPaths.DefaultTruth(run.FullName);

    private static int Run(Settings settings)
    {
        Check(settings);
        var truthTable = settings.Truth is null ? null : LinkageFiles.ReadTruth(settings.Truth.FullName);
        if (truthTable is { Count: 0 })
        {
            throw new InputException($"--truth {settings.Truth!.FullName} holds no agency,source_id,person_id rows; give the truth file dx generate wrote");
        }

        var total = Stopwatch.StartNew();
        var clock = Stopwatch.StartNew();
        var records = LinkInput.Read(settings.Directory.FullName, settings.Encoding, Console.Error).ToArray();
        TermFrequencies.Count(records).ApplyAll(records);
        var readTime = clock.Elapsed;
        var featureTime = readTime;
        Console.Error.WriteLine($"read and encoded {records.Length:N0} records in {readTime.TotalSeconds:F1}s");

        var matchModel = settings.Model is { Exists: true } && !settings.Train ? ModelFile.Read(settings.Model.FullName) : ModelFile.Default();
        if (settings.Train)
        {
            clock.Restart();
            var template = settings.Model is { Exists: true } ? ModelFile.Read(settings.Model.FullName) : matchModel;
            matchModel = ModelTrainer.Train(records, template, $"{settings.Directory.Name} ({records.Length} records, {DateTime.UtcNow:yyyy-MM-dd})");
            ModelFile.Write(matchModel, settings.Model!.FullName);
            Console.Error.WriteLine($"trained in {clock.Elapsed.TotalSeconds:F1}s, wrote {settings.Model.FullName}");
        }

        matchModel.LinkThreshold = settings.LinkThreshold ?? matchModel.LinkThreshold;
        matchModel.ReviewThreshold = settings.ReviewThreshold ?? matchModel.ReviewThreshold;
        var scorer = new Scorer(matchModel, records.Length);
        var result = new BatchLinker(scorer).Link(records, collectLevels: settings.Diagnostics, featureTime);
        if (settings.Calibrate)
        {
            // Fitted on the review pairs of this run and any others, then linked again: which pair represents two
            // children in review depends on the curves.
            var runs = new List<CalibrationRun> { new(records, truthTable!) };
            foreach (var run in settings.CalibrateWith)
            {
                var more = LinkInput.Read(run.FullName, settings.Encoding, Console.Error).ToArray();
                TermFrequencies.Count(more).ApplyAll(more);
                runs.Add(new CalibrationRun(more, LinkageFiles.ReadTruth(OutputTruth(run))));
            }

            var names = string.Join(", ", new[] { settings.Directory.Name }.Concat(settings.CalibrateWith.Select(run => run.Name)));
            matchModel.Calibration = CalibrationRuns.Fit(matchModel, runs,
                $"{names} ({runs.Count} runs, {runs.Sum(run => run.Records.Count):N0} records, {DateTime.UtcNow:yyyy-MM-dd})");
            ModelFile.Write(matchModel, settings.Model!.FullName);
            Console.Error.WriteLine($"calibrated on {runs.Count} runs, wrote {settings.Model.FullName}");
            scorer = new Scorer(matchModel, records.Length);
            result = new BatchLinker(scorer).Link(records, collectLevels: settings.Diagnostics, featureTime);
        }

        var linkTime = total.Elapsed;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"linked {records.Length:N0} records into {result.ClusterCount:N0} children; {result.Review.Count:N0} review pairs; {result.Comparisons:N0} comparisons; {result.RefusedMerges} merges vetoed; {result.SkippedBlocks} oversized blocks skipped"));

        if (settings.Output is not null)
        {
            LinkageFiles.Write(settings.Output.FullName, records, result);
        }

        var reliability = truthTable is null ? null : Reliability.Measure(records, result, scorer, truthTable);
        if (settings.Diagnostics)
        {
            Console.WriteLine(ModelReport.Text(matchModel, result.Levels));
            if (settings.Output is not null)
            {
                File.WriteAllText(Path.Combine(settings.Output.FullName, "model-report.txt"), ModelReport.Text(matchModel, result.Levels));
                File.WriteAllText(Path.Combine(settings.Output.FullName, "model-chart.svg"), ModelChart.Svg(matchModel, result.Levels, reliability));
            }
        }

        if (truthTable is not null)
        {
            var evaluation = PairwiseEvaluation.Evaluate(records, result.ClusterOf, result.ReviewPairs, truthTable);
            if (settings.Explain > 0)
            {
                Console.WriteLine(ErrorSamples.Describe(records, result.ClusterOf, truthTable, scorer, settings.Explain));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"precision {evaluation.Precision:F4}  recall {evaluation.Recall:F4}  reach {evaluation.Reach:F4}  review/100 {evaluation.ReviewPer100:F2}  false-merge pairs {evaluation.FalseMergePairs} (of them twins merged {evaluation.TwinLikeFalseMerges}, siblings merged {evaluation.SiblingLikeFalseMerges})  true pairs {evaluation.TruePairs:N0}"));
            Console.WriteLine(reliability!.Text());
            Console.WriteLine(Reliability.ByEvidence(records, result, truthTable));
        }

        if (settings.Bench)
        {
            LinkBench.Report(records, result, scorer, readTime, linkTime);
        }

        return 0;
    }
}
