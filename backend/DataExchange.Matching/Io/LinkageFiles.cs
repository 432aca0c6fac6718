using System.Globalization;
using System.Text;
using DataExchange.Domain.Agencies;
using DataExchange.Matching.Features;
using DataExchange.Matching.Linking;

namespace DataExchange.Matching.Io;

/// <summary>Writes links.csv and review.csv exactly as exchange-format.md ("What linkage writes") says.</summary>
public static class LinkageFiles
{
    public static void Write(string directory, IReadOnlyList<RecordFeatures> records, LinkResult result)
    {
        Directory.CreateDirectory(directory);
        using (var links = new StreamWriter(Path.Combine(directory, "links.csv"), false, new UTF8Encoding(false)))
        {
            links.Write("agency,source_id,child_id\n");
            for (var i = 0; i < records.Count; i++)
            {
                links.Write($"{records[i].Agency.ToCode()},{Csv.Escape(records[i].SourceId)},{result.ChildId(i)}\n");
            }
        }

        using var review = new StreamWriter(Path.Combine(directory, "review.csv"), false, new UTF8Encoding(false));
        // score: the calibrated probability that the two are one child; reason: why the engine did not link them.
        review.Write("agency_a,source_id_a,agency_b,source_id_b,score,reason\n");
        foreach (var pair in result.Review)
        {
            RecordFeatures a = records[pair.A], b = records[pair.B];
            var probability = pair.Probability.ToString("0.0000", CultureInfo.InvariantCulture);
            review.Write($"{a.Agency.ToCode()},{Csv.Escape(a.SourceId)},{b.Agency.ToCode()},{Csv.Escape(b.SourceId)},{probability},{Calibration.PairEvidenceOf.Code(pair.Evidence)}\n");
        }
    }

    /// <summary>Reads a truth file (agency,source_id,person_id) into a lookup by agency and source_id.</summary>
    public static Dictionary<(Agency, string), string> ReadTruth(string path)
    {
        var truth = new Dictionary<(Agency, string), string>();
        var buffer = new List<string>();
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var fields = Csv.ParseLine(line, buffer);
            if (fields.Length >= 3 && AgencyCodes.TryParse(fields[0], out var agency))
            {
                truth[(agency, fields[1])] = fields[2];
            }
        }

        return truth;
    }
}
