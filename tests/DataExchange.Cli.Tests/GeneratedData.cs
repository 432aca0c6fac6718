using System.Text;
using DataExchange.ExchangeFiles.Generation;
using DataExchange.Domain.Agencies;

namespace DataExchange.Cli.Tests;

/// <summary>One record as read back from a generated file, with the person the truth file says it is.</summary>
public sealed record Row(Agency Agency, IReadOnlyDictionary<string, string> Fields, string PersonId, IReadOnlyList<string> Errors)
{
    public string this[string column] => Fields[column];
    public string SourceId => Fields["source_id"];
}

/// <summary>A 20,000-child sample-profile run, generated once and read back for every test in the class.</summary>
public sealed class GeneratedData : IDisposable
{
    public const int Children = 20_000;

    public GeneratedData()
    {
        Root = Directory.CreateTempSubdirectory("dx-generate-").FullName;
        Out = Path.Combine(Root, "out");
        Truth = Path.Combine(Root, "truth.csv");
        ErrorsFile = Path.Combine(Root, "errors.csv");
        Summary = DatasetGenerator.Run(new GenerationRequest(Children, 20261122, Out, Truth, ErrorsFile, GenerationProfile.Sample()));

        TruthRows = ReadCsv(Truth).Rows;
        var personBy = TruthRows.ToDictionary(r => (r["agency"], r["source_id"]), r => r["person_id"]);
        var errorsBy = ReadCsv(ErrorsFile).Rows.ToLookup(r => (r["agency"], r["source_id"]), r => r["error"]);
        var rows = new List<Row>();
        foreach (var agency in AgencyCodes.All)
        {
            foreach (var fields in ReadCsv(FileOf(agency)).Rows)
            {
                var key = (agency.ToCode(), fields["source_id"]);
                rows.Add(new Row(agency, fields, personBy[key], errorsBy[key].ToArray()));
            }
        }

        Rows = rows;
        ByPerson = rows.ToLookup(r => r.PersonId);
        Register = rows.Where(r => r.Agency == Agency.PublicSecurity).GroupBy(r => r.PersonId).ToDictionary(g => g.Key, g => g.First());
    }

    public string Root { get; }
    public string Out { get; }
    public string Truth { get; }
    public string ErrorsFile { get; }
    public GenerationSummary Summary { get; }
    public IReadOnlyList<IReadOnlyDictionary<string, string>> TruthRows { get; }
    public IReadOnlyList<Row> Rows { get; }
    public ILookup<string, Row> ByPerson { get; }

    /// <summary>Each registered child's household-register record: the reference other records are compared with.</summary>
    public IReadOnlyDictionary<string, Row> Register { get; }

    public string FileOf(Agency agency) => Path.Combine(Out, agency.ToCode() + ".csv");

    public void Dispose() => Directory.Delete(Root, recursive: true);

    public static (IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyDictionary<string, string>> Rows) ReadCsv(string path)
    {
        var lines = File.ReadAllLines(path, Encoding.UTF8);
        var header = SplitLine(lines[0]);
        var rows = lines.Skip(1).Select(line =>
        {
            var values = SplitLine(line);
            Assert.Equal(header.Count, values.Count);
            return (IReadOnlyDictionary<string, string>)header.Zip(values).ToDictionary(p => p.First, p => p.Second);
        }).ToArray();
        return (header, rows);
    }

    /// <summary>RFC 4180 fields of one line (the generator never writes line breaks inside a value).</summary>
    public static IReadOnlyList<string> SplitLine(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
            else if (c == '"') quoted = !quoted;
            else if (c == ',' && !quoted) { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(c);
        }

        fields.Add(field.ToString());
        return fields;
    }
}
