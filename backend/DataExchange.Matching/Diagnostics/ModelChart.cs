using System.Globalization;
using System.Net;
using System.Text;
using DataExchange.Matching.Scoring;
using DataExchange.Matching.Training;

namespace DataExchange.Matching.Diagnostics;

/// <summary>An SVG bar chart of match weight per comparison level (green for, red against), with m, u and pair counts as labels.</summary>
public static class ModelChart
{
    private const int RowHeight = 18, LabelWidth = 430, BarArea = 360, Right = 260;

    public static string Svg(MatchModel model, LevelCounts? counts = null)
    {
        var rows = ModelReport.Rows(model, counts);
        var maxWeight = Math.Max(1, rows.Max(r => Math.Abs(r.Weight)));
        var height = (rows.Count + 3) * RowHeight;
        var width = LabelWidth + BarArea + Right;
        var zero = LabelWidth + BarArea / 2.0;
        var svg = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        svg.AppendLine(c, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"12\">");
        svg.AppendLine(c, $"<text x=\"4\" y=\"14\" font-weight=\"bold\">Match weight per comparison level (log2 m/u), model v{model.Version}, trained on {Escape(model.TrainedOn)}</text>");
        svg.AppendLine(c, $"<line x1=\"{zero:F1}\" y1=\"{RowHeight}\" x2=\"{zero:F1}\" y2=\"{height - RowHeight}\" stroke=\"#333\"/>");
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var y = (i + 2) * RowHeight;
            var length = row.Weight / maxWeight * (BarArea / 2.0 - 4);
            var x = length >= 0 ? zero : zero + length;
            var colour = row.Weight >= 0 ? "#2e7d32" : "#c62828";
            svg.AppendLine(c, $"<text x=\"4\" y=\"{y}\">{Escape(row.Comparison)}: {Escape(row.Label)}</text>");
            svg.AppendLine(c, $"<rect x=\"{x:F1}\" y=\"{y - 12}\" width=\"{Math.Abs(length):F1}\" height=\"12\" fill=\"{colour}\"><title>m={row.M:G4} u={row.U:G4}</title></rect>");
            svg.AppendLine(c, $"<text x=\"{LabelWidth + BarArea + 6}\" y=\"{y}\">{row.Weight:F2}  m={row.M:G3} u={row.U:G3} n={row.Pairs}</text>");
        }

        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    private static string Escape(string value) => WebUtility.HtmlEncode(value);
}
