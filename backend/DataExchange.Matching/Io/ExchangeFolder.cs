using DataExchange.Domain.Agencies;
using DataExchange.Domain.Records;
using DataExchange.Matching.Features;

namespace DataExchange.Matching.Io;

/// <summary>Reads a folder of agency exchange files (exchange-format.md): one CSV per agency, named by its code.</summary>
public static class ExchangeFolder
{
    private static readonly HashSet<string> Common = [.. AgencySchema.CommonColumns];

    public static List<SourceRecord> Read(string directory)
    {
        var records = new List<SourceRecord>();
        foreach (var agency in AgencyCodes.All.OrderBy(a => a))
        {
            var path = Path.Combine(directory, agency.ToCode() + ".csv");
            if (File.Exists(path))
            {
                records.AddRange(ReadFile(agency, path));
            }
        }

        return records;
    }

    /// <summary>
    /// Reads a folder straight into features, in parallel: lines are read in batches on one thread and each
    /// batch is parsed and encoded on all cores, so a 3-million-record folder never holds its raw records.
    /// </summary>
    public static List<RecordFeatures> ReadFeatures(string directory, int batchSize = 65536)
    {
        var features = new List<RecordFeatures>();
        foreach (var agency in AgencyCodes.All.OrderBy(a => a))
        {
            var path = Path.Combine(directory, agency.ToCode() + ".csv");
            if (!File.Exists(path))
            {
                continue;
            }

            var schema = AgencySchema.For(agency);
            using var reader = new StreamReader(path, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
            var header = Csv.ParseLine(reader.ReadLine() ?? "", []);
            var batch = new List<string>(batchSize);
            while (true)
            {
                batch.Clear();
                while (batch.Count < batchSize && reader.ReadLine() is { } line)
                {
                    if (line.Length > 0)
                    {
                        batch.Add(line);
                    }
                }

                if (batch.Count == 0)
                {
                    break;
                }

                var encoded = new RecordFeatures[batch.Count];
                Parallel.For(0, batch.Count, () => new List<string>(), (i, _, buffer) =>
                {
                    encoded[i] = FeatureExtractor.Extract(ToRecord(agency, schema, header, Csv.ParseLine(batch[i], buffer)));
                    return buffer;
                }, _ => { });
                features.AddRange(encoded);
            }
        }

        return features;
    }

    public static IEnumerable<SourceRecord> ReadFile(Agency agency, string path)
    {
        var schema = AgencySchema.For(agency);
        using var reader = new StreamReader(path, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        var buffer = new List<string>();
        var header = Csv.ParseLine(reader.ReadLine() ?? "", buffer);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            var fields = Csv.ParseLine(line, buffer);
            yield return ToRecord(agency, schema, header, fields);
        }
    }

    private static SourceRecord ToRecord(Agency agency, AgencySchema schema, string[] header, string[] fields)
    {
        string Get(string column)
        {
            var index = Array.IndexOf(header, column);
            return index >= 0 && index < fields.Length ? fields[index] : "";
        }

        Dictionary<string, string>? details = null, attributes = null;
        for (var i = 0; i < header.Length && i < fields.Length; i++)
        {
            if (Common.Contains(header[i]) || fields[i].Length == 0)
            {
                continue;
            }

            if (schema.HasColumn(header[i]))
            {
                (details ??= new(StringComparer.Ordinal))[header[i]] = fields[i];
            }
            else
            {
                (attributes ??= new(StringComparer.Ordinal))[header[i]] = fields[i];
            }
        }

        return new SourceRecord
        {
            Agency = agency,
            SourceId = Get("source_id"),
            IdNumber = Get("id_number"),
            Name = Get("name"),
            Sex = Get("sex"),
            BirthDate = Get("birth_date"),
            RegionCode = Get("region_code"),
            Address = Get("address"),
            Details = details ?? new Dictionary<string, string>(),
            Attributes = attributes ?? new Dictionary<string, string>(),
        };
    }
}
