using System.Security.Cryptography;
using System.Text;
using DataExchange.Domain.Agencies;

namespace DataExchange.Cli.Import;

/// <summary>
/// One exchange file that passed the checks made before anything is written: named after an agency,
/// valid UTF-8 throughout, and a header with every common column. Anything else is a <see cref="SkippedFile"/>.
/// </summary>
public sealed record AgencyFile(string Path, Agency Agency, string ContentHash, long Bytes, CsvLayout Layout)
{
    /// <summary>Strict: an invalid byte throws instead of turning into U+FFFD.</summary>
    public static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public string FileName => System.IO.Path.GetFileName(Path);

    /// <summary>Checks a file; returns it ready to import, or why it must be skipped.</summary>
    public static (AgencyFile? File, SkippedFile? Skipped) Inspect(string path)
    {
        var name = System.IO.Path.GetFileName(path);
        var stem = System.IO.Path.GetFileNameWithoutExtension(path);
        if (!AgencyCodes.TryParse(stem.ToLowerInvariant(), out var agency))
        {
            return Skip($"'{stem}' is not an agency code (expected one of {string.Join(", ", AgencyCodes.All.Select(a => a.ToCode()))})");
        }

        try
        {
            var (hash, bytes, badByte) = HashAndValidate(path);
            if (badByte is { } offset)
            {
                return Skip($"not UTF-8 (GBK?): invalid byte sequence near byte {offset}; save it as UTF-8 and import again");
            }

            using var reader = OpenText(path);
            var header = new List<string>();
            if (!new CsvReader(reader).ReadRow(header))
            {
                return Skip("empty file: no header row");
            }

            var (layout, problem) = CsvLayout.FromHeader(agency, header);
            return layout is null ? Skip(problem!) : (new AgencyFile(path, agency, hash, bytes, layout), null);
        }
        catch (IOException exception)
        {
            return Skip($"cannot be read: {exception.Message}");
        }
        catch (UnauthorizedAccessException exception)
        {
            return Skip($"cannot be read: {exception.Message}");
        }

        (AgencyFile?, SkippedFile?) Skip(string reason) => (null, new SkippedFile(name, reason));
    }

    /// <summary>A reader over the file's text; a UTF-8 byte order mark is skipped.</summary>
    public static StreamReader OpenText(string path) =>
        new(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan),
            StrictUtf8, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024);

    // One pass over the bytes: SHA-256 of the content (the batch key) and a strict UTF-8 decode.
    private static (string Hash, long Bytes, long? BadByte) HashAndValidate(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var decoder = StrictUtf8.GetDecoder();
        var bytes = new byte[64 * 1024];
        var chars = new char[StrictUtf8.GetMaxCharCount(bytes.Length)];
        long total = 0;
        int read;
        while ((read = stream.Read(bytes, 0, bytes.Length)) > 0)
        {
            hash.AppendData(bytes, 0, read);
            try
            {
                decoder.GetChars(bytes, 0, read, chars, 0, flush: false);
            }
            catch (DecoderFallbackException exception)
            {
                return ("", total + read, total + Math.Max(0, exception.Index));
            }

            total += read;
        }

        try
        {
            decoder.GetChars([], 0, 0, chars, 0, flush: true);
        }
        catch (DecoderFallbackException)
        {
            return ("", total, total); // Truncated multi-byte sequence at the end.
        }

        return (Convert.ToHexStringLower(hash.GetHashAndReset()), total, null);
    }
}

/// <summary>A file left out of the import, and why.</summary>
public sealed record SkippedFile(string FileName, string Reason);
