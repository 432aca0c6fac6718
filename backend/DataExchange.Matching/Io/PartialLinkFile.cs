using System.Text;
using DataExchange.Matching.Blocking;
using DataExchange.Matching.Clustering;
using DataExchange.Matching.Features;
using DataExchange.Matching.Linking;

namespace DataExchange.Matching.Io;

/// <summary>
/// A partition's result on disk (<c>partition-K-of-N.bin</c>): the scored pairs by record number, with a fingerprint
/// of the input (record count and a hash of every agency and source_id in order), so a merge refuses partials made from
/// other data or another order, where record numbers would mean other records.
/// </summary>
public static class PartialLinkFile
{
    private const string Magic = "DXPART1";

    public static string FileName(BlockPartition partition) => $"partition-{partition.Index}-of-{partition.Count}.bin";

    /// <summary>The input's fingerprint: a partial applies only to the records it was computed on.</summary>
    public static ulong Fingerprint(IReadOnlyList<RecordFeatures> records)
    {
        var hash = StableHash.Mix(14695981039346656037UL, (ulong)records.Count);
        foreach (var record in records)
        {
            hash = StableHash.Mix(StableHash.Of(record.SourceId, hash), (ulong)record.Agency + 1);
        }

        return hash;
    }

    public static void Write(string directory, PartialLink partial, ulong fingerprint, int recordCount)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName(partial.Partition));
        var temporary = path + ".tmp";
        using (var writer = new BinaryWriter(File.Create(temporary), Encoding.UTF8))
        {
            writer.Write(Magic);
            writer.Write(fingerprint);
            writer.Write(recordCount);
            writer.Write(partial.Partition.Index);
            writer.Write(partial.Partition.Count);
            writer.Write(partial.Comparisons);
            writer.Write(partial.SplitBlocks);
            writer.Write(partial.LargestBlock);
            writer.Write(partial.CompareTime.Ticks);
            writer.Write(partial.PairsByRule.Length);
            foreach (var count in partial.PairsByRule)
            {
                writer.Write(count);
            }

            writer.Write(partial.Pairs.Count);
            foreach (var pair in partial.Pairs)
            {
                writer.Write(pair.A);
                writer.Write(pair.B);
                writer.Write(pair.Score);
            }
        }

        // Written whole or not at all: a merge never reads half a partition.
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Reads every partition of a run from <paramref name="directory"/>; all N must be there, made from these records.</summary>
    public static List<PartialLink> ReadAll(string directory, ulong fingerprint, int recordCount)
    {
        var files = Directory.Exists(directory) ? Directory.GetFiles(directory, "partition-*-of-*.bin") : [];
        if (files.Length == 0)
        {
            throw new InvalidDataException($"no partition-K-of-N.bin files in {directory}; run dx link --partitions N --partition K --out {directory} for each K first");
        }

        var partials = files.Select(file => Read(file, fingerprint, recordCount)).OrderBy(p => p.Partition.Index).ToList();
        var count = partials[0].Partition.Count;
        var missing = Enumerable.Range(0, count).Except(partials.Where(p => p.Partition.Count == count).Select(p => p.Partition.Index)).ToList();
        if (partials.Any(p => p.Partition.Count != count) || missing.Count > 0 || partials.Count != count)
        {
            throw new InvalidDataException(
                $"{directory} does not hold exactly partitions 0..{count - 1} of one {count}-way run (missing: {string.Join(", ", missing)}); run the missing ones or remove stray files");
        }

        return partials;
    }

    private static PartialLink Read(string path, ulong fingerprint, int recordCount)
    {
        using var reader = new BinaryReader(File.OpenRead(path), Encoding.UTF8);
        var name = Path.GetFileName(path);
        try
        {
            if (reader.ReadString() != Magic)
            {
                throw new InvalidDataException($"{name} is not a dx link partition file");
            }

            var fileFingerprint = reader.ReadUInt64();
            var fileRecords = reader.ReadInt32();
            if (fileFingerprint != fingerprint || fileRecords != recordCount)
            {
                throw new InvalidDataException($"{name} was made from other input ({fileRecords:N0} records) than this folder ({recordCount:N0} records); rerun the partitions on this folder");
            }

            var partition = BlockPartition.Of(reader.ReadInt32(), reader.ReadInt32());
            var comparisons = reader.ReadInt64();
            var splitBlocks = reader.ReadInt32();
            var largestBlock = reader.ReadInt32();
            var compareTime = TimeSpan.FromTicks(reader.ReadInt64());
            var byRule = new long[reader.ReadInt32()];
            for (var r = 0; r < byRule.Length; r++)
            {
                byRule[r] = reader.ReadInt64();
            }

            var count = reader.ReadInt32();
            var pairs = new List<ScoredPair>(count);
            for (var i = 0; i < count; i++)
            {
                int a = reader.ReadInt32(), b = reader.ReadInt32();
                var score = reader.ReadSingle();
                if ((uint)a >= (uint)recordCount || (uint)b >= (uint)recordCount)
                {
                    throw new InvalidDataException($"{name}: pair {i} names record {Math.Max(a, b)} of {recordCount:N0}");
                }

                pairs.Add(new ScoredPair(a, b, score));
            }

            return new PartialLink(partition, pairs, comparisons, byRule, splitBlocks, largestBlock, compareTime);
        }
        catch (Exception error) when (error is EndOfStreamException or ArgumentOutOfRangeException)
        {
            throw new InvalidDataException($"{name} is cut short or damaged; rerun that partition");
        }
    }
}
