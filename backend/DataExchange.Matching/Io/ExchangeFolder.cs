using DataExchange.Domain.Agencies;
using DataExchange.Domain.Records;

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
