using System.Text;

namespace DataExchange.ExchangeFiles.Generation;

/// <summary>RFC 4180 lines: a field is quoted only when it holds a comma, a quote or a line break.</summary>
public static class Csv
{
    public static void AppendRow(StringBuilder builder, IEnumerable<string> fields)
    {
        var first = true;
        foreach (var field in fields)
        {
            if (!first)
            {
                builder.Append(',');
            }

            first = false;
            if (field.AsSpan().IndexOfAny(",\"\r\n") < 0)
            {
                builder.Append(field);
            }
            else
            {
                builder.Append('"').Append(field.Replace("\"", "\"\"")).Append('"');
            }
        }
    }

    /// <summary>UTF-8 without a byte-order mark, 1 MiB buffer, "\n" line ends whatever the platform.</summary>
    public static StreamWriter Open(string path) =>
        new(path, false, new UTF8Encoding(false), 1 << 20) { NewLine = "\n" };
}
