using System.Globalization;
using System.Net;
using System.Text;
using DataExchange.Matching.Evaluation;
using DataExchange.Matching.Scoring;
using DataExchange.Matching.Training;

namespace DataExchange.Matching.Diagnostics;

/// <summary>An SVG bar chart of match weight per comparison level (green for, red against), with m, u and pair counts as labels.</summary>
public static class ModelChart
{
    private const int RowHeight = 18, LabelWidth = 430, BarArea = 360, Right = 260;

    private const int PlotSize = 240;

    /// <param name="reliability">With a truth file: the reliability diagram of links and review pairs is drawn below the bars.</param>
    public static string Svg(MatchModel model, LevelCounts? counts = null, Reliability? reliability = null)
    {
        var rows = ModelReport.Rows(model, counts);
        var maxWeight = Math.Max(1, rows.Max(r => Math.Abs(r.Weight)));
        var barsHeight = (rows.Count + 3) * RowHeight;
        var height = barsHeight + (reliability is null ? 0 : PlotSize + 5 * RowHeight);
        var width = LabelWidth + BarArea + Right;
        var zero = LabelWidth + BarArea / 2.0;
        var svg = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        svg.AppendLine(c, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"12\">");
        svg.AppendLine(c, $"<text x=\"4\" y=\"14\" font-weight=\"bold\">Match weight per comparison level (log2 m/u), model v{model.Version}, trained on {Escape(model.TrainedOn)}</text>");
        svg.AppendLine(c, $"<line x1=\"{zero:F1}\" y1=\"{RowHeight}\" x2=\"{zero:F1}\" y2=\"{barsHeight - RowHeight}\" stroke=\"#333\"/>");
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

        if (reliability is not null)
        {
            AppendReliability(svg, reliability, barsHeight);
        }

        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    /// <summary>
    /// Predicted probability (x) against the observed share of true matches (y), one point per band, links in blue and
    /// review pairs in orange, with the diagonal a calibrated score lies on; each point is labelled with its pair count.
    /// </summary>
    private static void AppendReliability(StringBuilder svg, Reliability reliability, int top)
    {
        var c = CultureInfo.InvariantCulture;
        double left = 60, plotTop = top + 2 * RowHeight, size = PlotSize;
        svg.AppendLine(c, $"<text x=\"4\" y=\"{top + RowHeight}\" font-weight=\"bold\">Reliability: predicted probability (x) vs observed share one child (y); blue links, orange review pairs</text>");
        svg.AppendLine(c, $"<rect x=\"{left}\" y=\"{plotTop}\" width=\"{size}\" height=\"{size}\" fill=\"none\" stroke=\"#333\"/>");
        svg.AppendLine(c, $"<line x1=\"{left}\" y1=\"{plotTop + size}\" x2=\"{left + size}\" y2=\"{plotTop}\" stroke=\"#999\" stroke-dasharray=\"4 3\"/>");
        foreach (var tick in new[] { 0.0, 0.5, 1.0 })
        {
            svg.AppendLine(c, $"<text x=\"{left + tick * size - 8:F1}\" y=\"{plotTop + size + 14}\">{tick:0.0}</text>");
            svg.AppendLine(c, $"<text x=\"{left - 28}\" y=\"{plotTop + size - tick * size + 4:F1}\">{tick:0.0}</text>");
        }

        foreach (var (bands, colour) in new[] { (reliability.Links, "#1565c0"), (reliability.Review, "#ef6c00") })
        {
            foreach (var band in bands.Where(b => b.Pairs > 0))
            {
                double x = left + band.MeanPredicted * size, y = plotTop + size - band.Observed * size;
                svg.AppendLine(c, $"<circle cx=\"{x:F1}\" cy=\"{y:F1}\" r=\"4\" fill=\"{colour}\"><title>[{band.Low:0.00}, {Math.Min(1, band.High):0.00}): {band.Pairs} pairs, predicted {band.MeanPredicted:0.000}, observed {band.Observed:0.000}</title></circle>");
                svg.AppendLine(c, $"<text x=\"{x + 6:F1}\" y=\"{y - 4:F1}\" fill=\"{colour}\" font-size=\"10\">{band.Pairs}</text>");
            }
        }

        var summary = reliability.Text().Split('\n')[^2..];
        for (var i = 0; i < summary.Length; i++)
        {
            svg.AppendLine(c, $"<text x=\"{left + size + 30}\" y=\"{plotTop + 20 + i * RowHeight}\">{Escape(summary[i])}</text>");
        }
    }

    private static string Escape(string value) => WebUtility.HtmlEncode(value);
}
