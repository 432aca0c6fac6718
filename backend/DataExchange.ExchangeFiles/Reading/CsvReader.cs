using System.Buffers;
using System.Text;

namespace DataExchange.ExchangeFiles.Reading;

/// <summary>
/// A small, fast RFC 4180 reader: comma-separated, fields optionally in double quotes, a doubled quote
/// inside quotes is one quote, quoted fields may hold commas and line breaks. Lines end in LF or CRLF.
/// Unquoted runs are copied in slices, not character by character.
/// </summary>
public sealed class CsvReader(TextReader reader)
{
    private static readonly SearchValues<char> PlainStops = SearchValues.Create(",\"\r\n");
    private static readonly SearchValues<char> QuotedStops = SearchValues.Create("\"\n");

    private readonly char[] _buffer = new char[64 * 1024];
    private readonly StringBuilder _field = new();
    private int _position;
    private int _length;
    private int _line = 1;

    /// <summary>The physical line (from 1) on which the row last read starts.</summary>
    public int RowLine { get; private set; }

    /// <summary>True when the row last read was an empty line (no field, no quotes).</summary>
    public bool RowIsBlank { get; private set; }

    /// <summary>Reads the next row into <paramref name="fields"/>; false at the end of the input.</summary>
    public bool ReadRow(List<string> fields)
    {
        fields.Clear();
        if (!Available())
        {
            return false;
        }

        RowLine = _line;
        RowIsBlank = false;
        _field.Clear();
        var sawQuote = false;
        while (true)
        {
            switch (CopyUntil(PlainStops))
            {
                case -1:
                    fields.Add(_field.ToString());
                    return true; // Last row without a line break.
                case ',':
                    fields.Add(_field.ToString());
                    _field.Clear();
                    break;
                case '"':
                    sawQuote = true;
                    ReadQuoted();
                    break;
                case '\r':
                    if (Available() && _buffer[_position] == '\n')
                    {
                        _position++;
                    }

                    return EndRow(fields, sawQuote);
                default:
                    return EndRow(fields, sawQuote);
            }
        }
    }

    private bool EndRow(List<string> fields, bool sawQuote)
    {
        _line++;
        RowIsBlank = fields.Count == 0 && _field.Length == 0 && !sawQuote;
        fields.Add(_field.ToString());
        return true;
    }

    // After an opening quote: up to the closing quote; "" is a literal quote. A quote in the middle of
    // an unquoted field (a"b) is read leniently the same way, as most spreadsheet exports expect.
    private void ReadQuoted()
    {
        while (true)
        {
            switch (CopyUntil(QuotedStops))
            {
                case -1:
                    return; // Unclosed at the end of the input: the field ends there.
                case '\n':
                    _field.Append('\n');
                    _line++;
                    break;
                default:
                    if (Available() && _buffer[_position] == '"')
                    {
                        _field.Append('"');
                        _position++;
                        break;
                    }

                    return;
            }
        }
    }

    // Copies the input into the field up to the next of the stops, in slices; answers the stop (consumed), or -1 at the
    // end of the input.
    private int CopyUntil(SearchValues<char> stops)
    {
        while (Available())
        {
            var span = _buffer.AsSpan(_position, _length - _position);
            var stop = span.IndexOfAny(stops);
            if (stop < 0)
            {
                _field.Append(span);
                _position = _length;
                continue;
            }

            _field.Append(span[..stop]);
            _position += stop + 1;
            return span[stop];
        }

        return -1;
    }

    private bool Available()
    {
        if (_position < _length)
        {
            return true;
        }

        _length = reader.Read(_buffer, 0, _buffer.Length);
        _position = 0;
        return _length > 0;
    }
}
