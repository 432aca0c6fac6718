using DataExchange.Domain.Agencies;
using DataExchange.Domain.Records;

namespace DataExchange.ExchangeFiles.Reading;

/// <summary>
/// Where each column sits in one file, matched by header name in any order: the common columns, the
/// agency's own columns, and unknown extras (kept as attributes, as the exchange format requires).
/// </summary>
public sealed class CsvLayout
{
    private readonly Agency _agency;
    private readonly int[] _common;
    private readonly (string Name, int Index)[] _details;
    private readonly (string Name, int Index)[] _attributes;

    private CsvLayout(Agency agency, int[] common, (string, int)[] details, (string, int)[] attributes, int width)
    {
        _agency = agency;
        _common = common;
        _details = details;
        _attributes = attributes;
        Width = width;
    }

    /// <summary>How many fields every row must have: the header's count.</summary>
    public int Width { get; }

    /// <summary>
    /// Reads a header row: each name through <see cref="ColumnNames"/> (so 身份证号 is id_number), every common column
    /// required, no column twice; or why the file cannot be read.
    /// </summary>
    public static (CsvLayout? Layout, string? Problem) FromHeader(Agency agency, IReadOnlyList<string> header)
    {
        var written = header.Select(name => name.TrimStart('\uFEFF').Trim()).ToList();
        var names = written.Select(ColumnNames.Canonical).ToList();
        var duplicate = names.Select((name, i) => (Name: name, Written: written[i])).Where(pair => pair.Name.Length > 0)
            .GroupBy(pair => pair.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(group => group.Count() > 1);
        if (duplicate is not null)
        {
            var spellings = string.Join(" and ", duplicate.Select(pair => $"'{pair.Written}'"));
            return (null, $"column {duplicate.Key} appears twice in the header ({spellings})");
        }

        int IndexOf(string column) => names.FindIndex(name => string.Equals(name, column, StringComparison.OrdinalIgnoreCase));

        var missing = AgencySchema.CommonColumns.Where(column => IndexOf(column) < 0).ToList();
        if (missing.Count > 0)
        {
            var described = missing.Select(column => $"{column} ({ColumnNames.ChineseOf(column)[0]})");
            return (null, $"missing column{(missing.Count > 1 ? "s" : "")} {string.Join(", ", described)}"
                + $" (the header has: {string.Join(",", written)})");
        }

        var schema = AgencySchema.For(agency);
        var common = AgencySchema.CommonColumns.Select(IndexOf).ToArray();
        var details = schema.Columns.Select(column => (column.Name, Index: IndexOf(column.Name)))
            .Where(pair => pair.Index >= 0).ToArray();
        var known = new HashSet<int>(common.Concat(details.Select(pair => pair.Index)));
        var attributes = names.Select((name, index) => (Name: name, Index: index))
            .Where(pair => !known.Contains(pair.Index) && pair.Name.Length > 0).ToArray();
        return (new CsvLayout(agency, common, details, attributes, names.Count), null);
    }

    /// <summary>The source_id of a row, as far as it can be read (also for a ragged row).</summary>
    public string SourceIdOf(IReadOnlyList<string> fields) => _common[0] < fields.Count ? fields[_common[0]] : "";

    /// <summary>The raw record of a row of the right width; values as written, empty ones left out.</summary>
    public SourceRecord ToRecord(IReadOnlyList<string> fields)
    {
        var details = new Dictionary<string, string>(_details.Length, StringComparer.Ordinal);
        foreach (var (name, index) in _details)
        {
            if (fields[index].Length > 0)
            {
                details[name] = fields[index];
            }
        }

        // Most files have no extra columns: no dictionary per row for them (a record's default is the shared empty one).
        Dictionary<string, string>? attributes = null;
        foreach (var (name, index) in _attributes)
        {
            if (fields[index].Length > 0)
            {
                (attributes ??= new Dictionary<string, string>(StringComparer.Ordinal))[name] = fields[index];
            }
        }

        var record = new SourceRecord
        {
            Agency = _agency,
            SourceId = fields[_common[0]],
            IdNumber = fields[_common[1]],
            Name = fields[_common[2]],
            Sex = fields[_common[3]],
            BirthDate = fields[_common[4]],
            RegionCode = fields[_common[5]],
            Address = fields[_common[6]],
            DetailsAgency = _agency,
            Details = details,
        };
        return attributes is null ? record : record with { Attributes = attributes };
    }
}
