using System.Text;
using DataExchange.Domain.Agencies;

namespace DataExchange.ExchangeFiles.Generation;

/// <summary>
/// Streams one agency's file. Rows are held in a bounded chunk and shuffled before they are written, and
/// source ids are a scrambled counter, so neither row order nor id order gives away which records are one child
/// (the sample's ids are shuffled too) while memory stays flat at any size.
/// </summary>
public sealed class AgencyFileWriter : IDisposable
{
    private const int ChunkSize = 20_000;
    private readonly StreamWriter _file;
    private readonly StreamWriter _truth;
    private readonly StreamWriter? _errors;
    private readonly Rng _rng;
    private readonly string _code;
    private readonly string _prefix;
    private readonly SourceIdScrambler _ids;
    private readonly List<(string Row, string SourceId, string PersonId)> _chunk = new(ChunkSize);
    private readonly StringBuilder _line = new(256);

    public AgencyFileWriter(Agency agency, string directory, long capacity, Rng rng, StreamWriter truth, StreamWriter? errors)
    {
        _code = agency.ToCode();
        _prefix = _code[..2].ToUpperInvariant();
        _ids = new SourceIdScrambler(capacity, rng.NextULong());
        _rng = rng;
        _truth = truth;
        _errors = errors;
        _file = Csv.Open(Path.Combine(directory, _code + ".csv"));
        _line.Clear();
        Csv.AppendRow(_line, AgencySchema.CommonColumns.Concat(AgencySchema.For(agency).Columns.Select(c => c.Name)));
        _file.WriteLine(_line);
    }

    public long Written { get; private set; }

    public void Write(RecordDraft draft)
    {
        var sourceId = _prefix + _ids.Next();
        _line.Clear();
        Csv.AppendRow(_line, [sourceId, draft.IdNumber, draft.Name, draft.Sex, draft.BirthDate, draft.RegionCode, draft.Address, .. draft.Extra]);
        _chunk.Add((_line.ToString(), sourceId, draft.Child.PersonId));
        foreach (var error in draft.Errors)
        {
            _errors?.WriteLine($"{_code},{sourceId},{error.ToCode()}");
        }

        if (_chunk.Count == ChunkSize)
        {
            Flush();
        }
    }

    public void Flush()
    {
        _rng.Shuffle(_chunk);
        foreach (var (row, sourceId, personId) in _chunk)
        {
            _file.WriteLine(row);
            _truth.WriteLine($"{_code},{sourceId},{personId}");
        }

        Written += _chunk.Count;
        _chunk.Clear();
    }

    public void Dispose()
    {
        Flush();
        _file.Dispose();
    }
}

/// <summary>A bijection on [0, 2^k) (odd multiply, xor-shift): every counter value maps to a distinct, unordered id.</summary>
public sealed class SourceIdScrambler
{
    private readonly int _bits;
    private readonly ulong _mask;
    private readonly ulong _offset;
    private readonly string _format;
    private ulong _counter;

    public SourceIdScrambler(long capacity, ulong salt)
    {
        _bits = Math.Max(8, 64 - System.Numerics.BitOperations.LeadingZeroCount((ulong)Math.Max(1, capacity)));
        _mask = (1UL << _bits) - 1;
        _offset = salt & _mask;
        _format = "D" + Math.Max(8, _mask.ToString().Length);
    }

    public string Next()
    {
        var x = (_counter++ + _offset) & _mask;
        x = (x * 0x9E3779B97F4A7C15UL) & _mask;
        x ^= x >> (_bits / 2);
        x = (x * 0xBF58476D1CE4E5B9UL) & _mask;
        x ^= x >> (_bits / 2);
        return x.ToString(_format);
    }
}
