using System.Text;

namespace DataExchange.ExchangeFiles.Reading;

/// <summary>
/// How a CSV file's bytes become text. Chinese agencies export from older systems in GB18030 or its subset GBK
/// (code page 936) as often as in UTF-8; <see cref="Auto"/> takes UTF-8 when every byte is valid UTF-8 and
/// GB18030 otherwise, and says which it chose.
/// </summary>
public enum FileEncoding
{
    Auto,
    Utf8,
    Gb18030,
    Gbk,
}

/// <summary>The names <c>--encoding</c> takes, and the strict decoders behind them.</summary>
public static class FileEncodings
{
    static FileEncodings()
    {
        // GB18030 and GBK are not built into .NET; the code-pages provider (part of the shared framework) adds them.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    /// <summary>The spellings accepted on the command line, in the order help lists them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["auto", "utf-8", "gb18030", "gbk"];

    public static bool TryParse(string? name, out FileEncoding encoding)
    {
        encoding = name?.Trim().ToLowerInvariant() switch
        {
            null or "" or "auto" => FileEncoding.Auto,
            "utf-8" or "utf8" => FileEncoding.Utf8,
            "gb18030" => FileEncoding.Gb18030,
            "gbk" or "cp936" or "gb2312" => FileEncoding.Gbk,
            _ => (FileEncoding)(-1),
        };
        return Enum.IsDefined(encoding);
    }

    public static string NameOf(FileEncoding encoding) => encoding switch
    {
        FileEncoding.Utf8 => "UTF-8",
        FileEncoding.Gb18030 => "GB18030",
        FileEncoding.Gbk => "GBK",
        _ => "auto",
    };

    /// <summary>A decoder that throws on an invalid byte instead of turning it into U+FFFD: a bad byte is never read as text.</summary>
    public static Encoding Strict(FileEncoding encoding) => encoding switch
    {
        FileEncoding.Utf8 => new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true),
        FileEncoding.Gb18030 => Encoding.GetEncoding(54936, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback),
        FileEncoding.Gbk => Encoding.GetEncoding(936, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback),
        _ => throw new ArgumentOutOfRangeException(nameof(encoding), "auto is decided per file"),
    };
}
