using System.Globalization;
using MiniExcelLibs;

namespace DataExchange.ExchangeFiles.Reading;

/// <summary>
/// An .xlsx workbook read as the rows of its first sheet, each cell as the text a CSV export of it would hold:
/// MiniExcel streams the sheet (a register's workbook is never held whole), and numbers, dates and booleans are
/// written back the way the exchange format spells them.
/// </summary>
internal static class XlsxSheet
{
    /// <summary>Excel keeps 15 significant digits: an ID number typed as a number has lost its last digits.</summary>
    private const double ExactIntegers = 1e15;

    /// <summary>The first sheet's header row, the sheet's name and a note when there are other sheets; or why not.</summary>
    public static (List<string>? Header, string Sheet, string? Problem) ReadHeader(string path)
    {
        List<string> sheets;
        try
        {
            sheets = MiniExcel.GetSheetNames(path);
        }
        catch (Exception exception) when (exception is InvalidDataException or System.Xml.XmlException or InvalidOperationException)
        {
            return (null, "", $"not an .xlsx workbook ({exception.Message}); save it from Excel as .xlsx or export it as CSV");
        }

        if (sheets.Count == 0)
        {
            return (null, "", "the workbook has no sheet");
        }

        var first = Rows(path, sheets[0]).FirstOrDefault();
        if (first is null || first.All(cell => cell.Length == 0))
        {
            return (null, sheets[0], $"sheet '{sheets[0]}' is empty: no header row");
        }

        var header = first.ToList();
        while (header.Count > 0 && header[^1].Length == 0)
        {
            header.RemoveAt(header.Count - 1); // Formatted but empty cells to the right of the header.
        }

        var note = sheets.Count > 1 ? $"read sheet '{sheets[0]}', the first of {sheets.Count}; the others are not read" : null;
        return (header, sheets[0], note);
    }

    /// <summary>The rows after the header, blank ones left out; a row with values beyond the header's columns is a problem.</summary>
    public static IEnumerable<FileRow> ReadRows(AgencyFile file)
    {
        var width = file.Layout.Width;
        var line = 0;
        var fields = new List<string>(width);
        foreach (var cells in Rows(file.Path, MiniExcel.GetSheetNames(file.Path)[0]))
        {
            if (++line == 1)
            {
                continue;
            }

            var used = cells.FindLastIndex(cell => cell.Length > 0) + 1;
            if (used == 0)
            {
                continue;
            }

            fields.Clear();
            fields.AddRange(cells.Take(width));
            while (fields.Count < width)
            {
                fields.Add("");
            }

            yield return used <= width
                ? new FileRow(line, file.Layout.ToRecord(fields), null, 0)
                : new FileRow(line, null, file.Layout.SourceIdOf(fields), 0, $"has values in {used} columns; the header has {width}");
        }
    }

    // Every row of the sheet from A1, gaps included, so that a row's number is its line in Excel.
    private static IEnumerable<List<string>> Rows(string path, string sheet)
    {
        foreach (IDictionary<string, object?> row in MiniExcel.Query(path, useHeaderRow: false, sheetName: sheet))
        {
            yield return row.Values.Select(Text).ToList();
        }
    }

    private static string Text(object? cell) => cell switch
    {
        null => "",
        string text => text.Trim(),
        DateTime date when date.TimeOfDay == TimeSpan.Zero => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime date => date.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        double number when Math.Abs(number) < ExactIntegers && number == Math.Floor(number) =>
            number.ToString("0", CultureInfo.InvariantCulture),
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        decimal number => number.ToString(CultureInfo.InvariantCulture),
        bool flag => flag ? "TRUE" : "FALSE",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => cell.ToString() ?? "",
    };
}
