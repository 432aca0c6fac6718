using System.Security.Cryptography;
using System.Text;
using DataExchange.Domain.Agencies;

namespace DataExchange.ExchangeFiles.Reading;

/// <summary>The two kinds of file an agency sends: a CSV export or an Excel workbook.</summary>
public enum FileFormat
{
    Csv,
    Xlsx,
}

/// <summary>
/// One exchange file that passed the checks made before anything is read into the hub: named after an agency,
/// its text decodable throughout (CSV) or its first sheet readable (.xlsx), and a header with every common column.
/// Anything else is a <see cref="SkippedFile"/>, with the reason the person running the import reads.
/// Every verb that reads agency files (dx import, dx link) reads them through this one type.
/// </summary>
public sealed record AgencyFile(
    string Path, Agency Agency, string ContentHash, long Bytes, CsvLayout Layout, FileFormat Format, FileEncoding Encoding)
{
    /// <summary>What the reader chose that the person should know (an encoding detected, the sheet read), or null.</summary>
    public string? Note { get; init; }

    public string FileName => System.IO.Path.GetFileName(Path);

    /// <summary>The file kinds a folder is searched for.</summary>
    public static readonly IReadOnlyList<string> Extensions = [".csv", ".xlsx"];

    /// <summary>Checks a file; returns it ready to read, or why it must be skipped.</summary>
    public static (AgencyFile? File, SkippedFile? Skipped) Inspect(string path, FileEncoding encoding = FileEncoding.Auto)
    {
        var name = System.IO.Path.GetFileName(path);
        var stem = System.IO.Path.GetFileNameWithoutExtension(path);
        var format = System.IO.Path.GetExtension(path).Equals(".xlsx", StringComparison.OrdinalIgnoreCase)
            ? FileFormat.Xlsx
            : FileFormat.Csv;
        if (!AgencyCodes.TryParse(stem.ToLowerInvariant(), out var agency))
        {
            var codes = string.Join(", ", AgencyCodes.All.Select(a => a.ToCode()));
            return Skip($"'{stem}' is not an agency code (expected one of {codes})");
        }

        try
        {
            return format == FileFormat.Xlsx ? InspectWorkbook(path, agency) : InspectCsv(path, agency, encoding);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return Skip($"cannot be read: {exception.Message}");
        }

        (AgencyFile?, SkippedFile?) Skip(string reason) => (null, new SkippedFile(name, reason));
    }

    /// <summary>
    /// The file's rows after the header, blank lines left out: a record for each row of the header's width, a problem
    /// (and the source_id as far as it can be read) for any other.
    /// </summary>
    public IEnumerable<FileRow> ReadRows() => Format == FileFormat.Xlsx ? XlsxSheet.ReadRows(this) : ReadCsvRows();

    /// <summary>A reader over the CSV file's text in the file's encoding; a UTF-8 byte order mark is skipped.</summary>
    public StreamReader OpenText() => OpenText(Path, Encoding);

    private static StreamReader OpenText(string path, FileEncoding encoding) =>
        new(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan),
            FileEncodings.Strict(encoding), detectEncodingFromByteOrderMarks: encoding == FileEncoding.Utf8, bufferSize: 64 * 1024);

    private IEnumerable<FileRow> ReadCsvRows()
    {
        using var reader = OpenText();
        var csv = new CsvReader(reader);
        var fields = new List<string>(Layout.Width);
        csv.ReadRow(fields); // The header, checked by Inspect.
        while (csv.ReadRow(fields))
        {
            if (csv.RowIsBlank)
            {
                continue;
            }

            yield return fields.Count == Layout.Width
                ? new FileRow(csv.RowLine, Layout.ToRecord(fields), null, reader.BaseStream.Position)
                : new FileRow(csv.RowLine, null, Layout.SourceIdOf(fields), reader.BaseStream.Position,
                    $"has {fields.Count} fields; the header has {Layout.Width}");
        }
    }

    private static (AgencyFile?, SkippedFile?) InspectCsv(string path, Agency agency, FileEncoding requested)
    {
        var name = System.IO.Path.GetFileName(path);
        var chosen = requested == FileEncoding.Auto ? FileEncoding.Utf8 : requested;
        var (hash, bytes, badByte) = HashAndValidate(path, chosen);
        string? note = null;
        if (badByte is { } utf8Offset && requested == FileEncoding.Auto)
        {
            // Not UTF-8: the other encoding Chinese systems export. GB18030 decodes every GBK file the same way.
            (hash, bytes, badByte) = HashAndValidate(path, FileEncoding.Gb18030);
            if (badByte is { } gbOffset)
            {
                return (null, new SkippedFile(name, $"neither UTF-8 (invalid byte near byte {utf8Offset}) nor GB18030 "
                    + $"(invalid byte near byte {gbOffset}); save it as UTF-8, or name its encoding with --encoding"));
            }

            chosen = FileEncoding.Gb18030;
            note = "not valid UTF-8: read as GB18030 (GBK); --encoding utf-8 refuses such a file instead";
        }
        else if (badByte is { } offset)
        {
            var hint = chosen == FileEncoding.Utf8 ? " (GBK?)" : "";
            return (null, new SkippedFile(name,
                $"not {FileEncodings.NameOf(chosen)}{hint}: invalid byte sequence near byte {offset}; "
                + "save it as UTF-8, or name its encoding with --encoding (auto, utf-8, gb18030, gbk)"));
        }

        using var reader = OpenText(path, chosen);
        var header = new List<string>();
        if (!new CsvReader(reader).ReadRow(header))
        {
            return (null, new SkippedFile(name, "empty file: no header row"));
        }

        var (layout, problem) = CsvLayout.FromHeader(agency, header);
        return layout is null
            ? (null, new SkippedFile(name, problem!))
            : (new AgencyFile(path, agency, hash, bytes, layout, FileFormat.Csv, chosen) { Note = note }, null);
    }

    private static (AgencyFile?, SkippedFile?) InspectWorkbook(string path, Agency agency)
    {
        var name = System.IO.Path.GetFileName(path);
        var (hash, bytes, _) = HashAndValidate(path, null);
        var (header, sheet, problem) = XlsxSheet.ReadHeader(path);
        if (header is null)
        {
            return (null, new SkippedFile(name, problem!));
        }

        var (layout, headerProblem) = CsvLayout.FromHeader(agency, header);
        return layout is null
            ? (null, new SkippedFile(name, $"sheet '{sheet}': {headerProblem}"))
            : (new AgencyFile(path, agency, hash, bytes, layout, FileFormat.Xlsx, FileEncoding.Auto) { Note = problem }, null);
    }

    // One pass over the bytes: SHA-256 of the content (the batch key) and, for text, a strict decode.
    private static (string Hash, long Bytes, long? BadByte) HashAndValidate(string path, FileEncoding? encoding)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var text = encoding is { } chosen ? FileEncodings.Strict(chosen) : null;
        var decoder = text?.GetDecoder();
        var bytes = new byte[64 * 1024];
        var chars = new char[text?.GetMaxCharCount(bytes.Length) ?? 0];
        long total = 0;
        int read;
        while ((read = stream.Read(bytes, 0, bytes.Length)) > 0)
        {
            hash.AppendData(bytes, 0, read);
            try
            {
                decoder?.GetChars(bytes, 0, read, chars, 0, flush: false);
            }
            catch (DecoderFallbackException exception)
            {
                return ("", total + read, total + Math.Max(0, exception.Index));
            }

            total += read;
        }

        try
        {
            decoder?.GetChars([], 0, 0, chars, 0, flush: true);
        }
        catch (DecoderFallbackException)
        {
            return ("", total, total); // Truncated multi-byte sequence at the end.
        }

        return (Convert.ToHexStringLower(hash.GetHashAndReset()), total, null);
    }
}

/// <summary>One row of a file: the record, or (for a row that cannot be one) why not. Position: bytes read so far.</summary>
public readonly record struct FileRow(
    int Line, Domain.Records.SourceRecord? Record, string? RaggedSourceId, long Position, string? Problem = null)
{
    public string SourceId => Record?.SourceId ?? RaggedSourceId ?? "";
}

/// <summary>A file left out, and why.</summary>
public sealed record SkippedFile(string FileName, string Reason);
