using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using DataExchange.Cli.Inputs;
using DataExchange.ExchangeFiles.Reading;
using DataExchange.Matching.Blocking;
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
/// dx link DIR --partitions N --partition K --out PARTS   one partition's scored pairs (PARTS/partition-K-of-N.bin)
/// dx link DIR --merge PARTS --out OUTDIR [--truth FILE]  cluster the N partitions' pairs: the single run's result
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
        var partitions = new Option<int>("--partitions") { Description = "Split the comparisons into N partitions by blocking-key hash (with --partition K and --out)." };
        var partition = new Option<int?>("--partition") { Description = "Which partition (0..N-1) this run compares; writes its scored pairs to --out." };
        var merge = new Option<DirectoryInfo?>("--merge") { Description = "Folder of partition-K-of-N.bin files: cluster them together (equal to the single run)." };
        var maxBlock = new Option<int>("--max-block") { Description = "Block bound: a block bigger than this is split by a second field, never skipped.", DefaultValueFactory = _ => SubBlocking.DefaultMaxBlockSize };
        var noIncremental = new Option<bool>("--no-incremental") { Description = "With --bench: leave out the incremental latency (its index is a second copy of every record's keys)." };
        var encoding = ImportCommand.EncodingOption();
        var command = new Command("link", "Link each child's records across agencies (Fellegi-Sunter, Splink-shaped).")
        {
            directory, output, truth, train, model, diagnostics, bench, linkThreshold, reviewThreshold, explain, calibrate, partitions, partition, merge, maxBlock, noIncremental, calibrateWith, encoding,
        };
        command.SetAction(parse => Run(new Settings(
            parse.GetValue(directory)!, parse.GetValue(output), parse.GetValue(truth), parse.GetValue(train), parse.GetValue(model),
            parse.GetValue(diagnostics), parse.GetValue(bench), parse.GetValue(linkThreshold), parse.GetValue(reviewThreshold),
            parse.GetValue(explain), parse.GetValue(calibrate))
        {
            Encoding = parse.GetValue(encoding),
            Partitions = parse.GetValue(partitions),
            Partition = parse.GetValue(partition),
            Merge = parse.GetValue(merge),
            MaxBlock = parse.GetValue(maxBlock),
            NoIncremental = parse.GetValue(noIncremental),
            CalibrateWith = parse.GetValue(calibrateWith) ?? [],
        }));
        return command;
    }

    private sealed record Settings(
        DirectoryInfo Directory, DirectoryInfo? Output, FileInfo? Truth, bool Train, FileInfo? Model,
        bool Diagnostics, bool Bench, double? LinkThreshold, double? ReviewThreshold, int Explain, bool Calibrate)
    {
        public FileEncoding Encoding { get; init; }
        public int Partitions { get; init; }
        public int? Partition { get; init; }
        public DirectoryInfo? Merge { get; init; }
        public int MaxBlock { get; init; } = SubBlocking.DefaultMaxBlockSize;
        public bool NoIncremental { get; init; }
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

        if (settings.MaxBlock < 2)
        {
            throw new InputException($"--max-block {settings.MaxBlock}: give a bound of at least 2 records");
        }

        if (settings.Partition is not null || settings.Partitions != 0)
        {
            if (settings.Partition is not { } k || settings.Partitions < 1 || k < 0 || k >= settings.Partitions)
            {
                throw new InputException($"--partitions {settings.Partitions} --partition {settings.Partition?.ToString(CultureInfo.InvariantCulture) ?? "(none)"}: give both, with 0 <= K < N");
            }

            if (settings.Output is null || settings.Train || settings.Calibrate || settings.Merge is not null || settings.Truth is not null || settings.Diagnostics)
            {
                throw new InputException("a partition run (--partitions N --partition K) takes --out PARTS only; give --truth, --diagnostics and the like to the --merge run");
            }
        }

        if (settings.Merge is { } parts && (!parts.Exists || settings.Train || settings.Calibrate))
        {
            throw new InputException(parts.Exists ? "--merge clusters a partitioned run; it does not --train or --calibrate" : $"--merge {parts.FullName}: no such folder; give the --out folder of the partition runs");
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
        // The truth as strings only where records are shown by name (--explain) or labelled pairs fitted (--calibrate).
        var truthTable = settings.Truth is not null && (settings.Explain > 0 || settings.Calibrate) ? LinkageFiles.ReadTruth(settings.Truth.FullName) : null;
        if (truthTable is { Count: 0 } || (settings.Truth is not null && !File.ReadLines(settings.Truth.FullName).Skip(1).Any(line => line.Length > 0)))
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
        var readPeak = Environment.WorkingSet;
        // The read leaves gigabytes of parsed rows behind at ten million children; collecting them (and compacting) here
        // hands that memory back before the keys and pairs are allocated, instead of stacking the two.
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        if (settings.Bench)
        {
            // What the representation costs, measured: the managed heap after a full collection holds little but the features.
            var heap = GC.GetTotalMemory(forceFullCollection: false);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"features of {records.Length:N0} records: {heap / (1024.0 * 1024 * 1024):F2} GiB managed heap, {(double)heap / Math.Max(1, records.Length):F0} bytes per record; working set {readPeak / (1024.0 * 1024 * 1024):F2} GiB after the read, {Environment.WorkingSet / (1024.0 * 1024 * 1024):F2} GiB after collecting"));
        }

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
        var linker = new BatchLinker(scorer, maxBlockSize: settings.MaxBlock);
        if (settings.Partition is { } partitionIndex)
        {
            return RunPartition(linker, records, BlockPartition.Of(partitionIndex, settings.Partitions), settings.Output!.FullName, total);
        }

        var person = settings.Truth is null ? null : TruthLabels.Read(records, settings.Truth.FullName, out _);
        var result = settings.Merge is { } mergeFolder
            ? Merge(linker, records, mergeFolder.FullName)
            : linker.Link(records, collectLevels: settings.Diagnostics, featureTime, person);
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
            result = new BatchLinker(scorer, maxBlockSize: settings.MaxBlock).Link(records, collectLevels: settings.Diagnostics, featureTime, person);
        }

        var linkTime = total.Elapsed;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"linked {records.Length:N0} records into {result.ClusterCount:N0} children; {result.Review.Count:N0} review pairs; {result.Comparisons:N0} comparisons; {result.RefusedMerges} merges vetoed; no block skipped ({result.SplitBlocks} blocks above {settings.MaxBlock} split by a second field, {result.BlocksAboveBound} parts compared whole above it, largest block {result.LargestBlock})"));
        if (result.BlockingLoss is { } loss)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"blocking: {loss.NotCompared:N0} of {loss.TruePairs:N0} true pairs never compared, {loss.LostToBound:N0} of them lost to the block bound (split apart); {(double)result.Comparisons / records.Length:F2} comparisons per record"));
        }

        if (settings.Output is not null)
        {
            LinkageFiles.Write(settings.Output.FullName, records, result);
        }

        var reliability = person is null ? null : Reliability.Measure(result, scorer, person);
        if (settings.Diagnostics)
        {
            Console.WriteLine(ModelReport.Text(matchModel, result.Levels));
            if (settings.Output is not null)
            {
                File.WriteAllText(Path.Combine(settings.Output.FullName, "model-report.txt"), ModelReport.Text(matchModel, result.Levels));
                File.WriteAllText(Path.Combine(settings.Output.FullName, "model-chart.svg"), ModelChart.Svg(matchModel, result.Levels, reliability));
            }
        }

        if (person is not null)
        {
            var evaluation = PairwiseEvaluation.Evaluate(records, result.ClusterOf, result.ReviewPairs, person!);
            if (settings.Explain > 0)
            {
                Console.WriteLine(ErrorSamples.Describe(records, result.ClusterOf, truthTable!, scorer, settings.Explain));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"precision {evaluation.Precision:F4}  recall {evaluation.Recall:F4}  reach {evaluation.Reach:F4}  review/100 {evaluation.ReviewPer100:F2}  false-merge pairs {evaluation.FalseMergePairs} (of them twins merged {evaluation.TwinLikeFalseMerges}, siblings merged {evaluation.SiblingLikeFalseMerges})  true pairs {evaluation.TruePairs:N0}"));
            Console.WriteLine(reliability!.Text());
            Console.WriteLine(Reliability.ByEvidence(result, person));
        }

        if (settings.Bench)
        {
            LinkBench.Report(records, result, scorer, readTime, linkTime, person, incremental: !settings.NoIncremental);
        }

        return 0;
    }

    private static int RunPartition(BatchLinker linker, RecordFeatures[] records, BlockPartition partition, string folder, Stopwatch total)
    {
        var partial = linker.LinkPartition(records, partition);
        PartialLinkFile.Write(folder, partial, PartialLinkFile.Fingerprint(records), records.Length);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"partition {partition.Index} of {partition.Count}: {partial.Comparisons:N0} comparisons, {partial.Pairs.Count:N0} scored pairs kept, wrote {Path.Combine(folder, PartialLinkFile.FileName(partition))} in {total.Elapsed.TotalSeconds:F1}s; peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024 * 1024):F2} GiB"));
        return 0;
    }

    private static LinkResult Merge(BatchLinker linker, RecordFeatures[] records, string folder)
    {
        try
        {
            var partials = PartialLinkFile.ReadAll(folder, PartialLinkFile.Fingerprint(records), records.Length);
            Console.Error.WriteLine($"merging {partials.Count} partitions: {partials.Sum(p => p.Pairs.Count):N0} scored pairs");
            return linker.Cluster(records, partials);
        }
        catch (InvalidDataException error)
        {
            throw new InputException($"--merge: {error.Message}");
        }
    }
}
