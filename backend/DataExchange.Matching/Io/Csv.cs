using System.Text;

namespace DataExchange.Matching.Io;

/// <summary>Minimal RFC 4180 reading and writing: quoted fields, doubled quotes, no multi-line fields in practice.</summary>
public static class Csv
{
    public static string[] ParseLine(string line, List<string> buffer)
    {
        buffer.Clear();
        if (!line.Contains('"'))
        {
            return line.Split(',');
        }

        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var character = line[i];
            if (quoted)
            {
                if (character == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (character == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(character);
                }
            }
            else if (character == '"')
            {
                quoted = true;
            }
            else if (character == ',')
            {
                buffer.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(character);
            }
        }

        buffer.Add(field.ToString());
        return [.. buffer];
    }

    public static string Escape(string value) =>
        value.AsSpan().IndexOfAny(",\"\n\r") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
