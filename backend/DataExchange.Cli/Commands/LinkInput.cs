using DataExchange.Cli.Inputs;
using DataExchange.Domain.Records;
using DataExchange.ExchangeFiles.Reading;
using DataExchange.Matching.Features;

namespace DataExchange.Cli.Commands;

/// <summary>
/// dx link's input: the folder read through the same reader as dx import (encodings, .xlsx, Chinese headers), so
/// a file dx import refuses is refused here with the same words, before anything is linked. The engine then gets
/// records, never files.
/// </summary>
internal static class LinkInput
{
    private const int BatchSize = 8_192;

    /// <summary>
    /// Every record of the folder's files as features, in agency order; a file that cannot be read stops the run
    /// (an <see cref="InputException"/> naming each); rows that cannot be records are left out and counted on stderr.
    /// </summary>
    public static List<RecordFeatures> Read(string directory, FileEncoding encoding, TextWriter messages)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var folder = ExchangeFolder.Inspect(directory, encoding);
        if (folder.Skipped.Count > 0)
        {
            foreach (var skip in folder.Skipped.Skip(1))
            {
                messages.WriteLine($"dx link: skipped {skip.FileName}: {skip.Reason}");
            }

            var first = folder.Skipped[0];
            var (files, them) = folder.Skipped.Count > 1 ? ("these files", "them") : ("it", "it");
            throw new InputException($"skipped {first.FileName}: {first.Reason} — nothing linked: fix {files} or move {them} out of {directory}");
        }

        if (folder.Files.Count == 0)
        {
            throw new InputException($"no .csv or .xlsx agency files in {directory}; give the folder that holds them");
        }

        // Only once the folder is accepted: a refused folder's one message is its refusal (as dx import words it).
        messages.WriteLine($"checked {folder.Files.Count} files ({folder.Files.Sum(f => f.Bytes) / (1024.0 * 1024):F0} MiB: hash and encoding) in {clock.Elapsed.TotalSeconds:F1}s");
        // Names, addresses and family hashes shared across the whole folder (thread-safe); dropped when this returns.
        // About 175 bytes a record in dx generate's files; only sizes the interner's tables.
        var interner = new FeatureInterner((int)Math.Min(int.MaxValue, folder.Files.Sum(f => f.Bytes) / 175));
        // The order dx link has always read in (by agency), so that child numbering stays as it was.
        var ordered = folder.Files.OrderBy(f => f.Agency).ThenBy(f => f.FileName, StringComparer.Ordinal).ToArray();
        var perFile = new FileFeatures[ordered.Length];
        // Parsing a file is one thread's work (a text stream), so the files are read side by side, the largest first so
        // the last one to finish is a small one; each file's batches are still encoded on every core. The records keep
        // their order: each file fills its own list and the lists are joined in agency order.
        var bySize = Enumerable.Range(0, ordered.Length).OrderByDescending(i => ordered[i].Bytes).ToArray();
        Parallel.ForEach(bySize, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(2, Environment.ProcessorCount) },
            i => perFile[i] = ReadFile(ordered[i], interner));
        var features = new List<RecordFeatures>(perFile.Sum(file => file.Features.Count));
        messages.WriteLine($"shared parts: {interner.Sizes}");
        for (var i = 0; i < ordered.Length; i++)
        {
            if (ordered[i].Note is { } note)
            {
                messages.WriteLine($"{ordered[i].FileName}: {note}");
            }

            features.AddRange(perFile[i].Features);
            var leftOut = perFile[i].LeftOut;
            if (leftOut.Count > 0)
            {
                var first = leftOut[0];
                messages.WriteLine(
                    $"{ordered[i].FileName}: {leftOut.Count} rows left out (first: line {first.Line}, {first.SourceId}: {first.Problem})");
            }
        }

        return features;
    }

    private sealed record FileFeatures(List<RecordFeatures> Features, List<FileRow> LeftOut);

    private static FileFeatures ReadFile(AgencyFile file, FeatureInterner interner)
    {
        var features = new List<RecordFeatures>();
        var leftOut = new List<FileRow>();
        var batch = new List<SourceRecord>(BatchSize);
        foreach (var row in file.ReadRows())
        {
            if (row.Record is null)
            {
                leftOut.Add(row);
                continue;
            }

            batch.Add(row.Record);
            if (batch.Count == BatchSize)
            {
                Extract(batch, features, interner);
            }
        }

        Extract(batch, features, interner);
        return new FileFeatures(features, leftOut);
    }

    // Parses are done; features are encoded on every core, a batch at a time, so a whole register is never held raw.
    private static void Extract(List<SourceRecord> batch, List<RecordFeatures> features, FeatureInterner interner)
    {
        var encoded = new RecordFeatures[batch.Count];
        Parallel.For(0, batch.Count, i => encoded[i] = FeatureExtractor.Extract(batch[i], interner));
        features.AddRange(encoded);
        batch.Clear();
        Collector.AfterBatch();
    }

    /// <summary>
    /// A batch's parsed rows live long enough to be promoted, so they die in the oldest generation, which the server
    /// collector leaves alone for long: at two million children the read's working set was 3.2 GiB for 1.8 GiB of features.
    /// A full collection whenever the heap has grown by half since the last one keeps the read near its live size, and
    /// costs little in total because the collections are geometrically spaced.
    /// </summary>
    private static class Collector
    {
        private static readonly Lock Gate = new();
        private static long afterLast = 512L << 20;

        // Files are read side by side: one of them collects, the others go on (they need not collect again after it).
        public static void AfterBatch()
        {
            if (GC.GetTotalMemory(forceFullCollection: false) <= Volatile.Read(ref afterLast) * 3 / 2 || !Gate.TryEnter())
            {
                return;
            }

            try
            {
                if (GC.GetTotalMemory(forceFullCollection: false) > afterLast * 3 / 2)
                {
                    GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
                    Volatile.Write(ref afterLast, Math.Max(512L << 20, GC.GetTotalMemory(forceFullCollection: false)));
                }
            }
            finally
            {
                Gate.Exit();
            }
        }
    }
}
