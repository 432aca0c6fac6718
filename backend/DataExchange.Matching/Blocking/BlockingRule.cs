using DataExchange.Matching.Features;

namespace DataExchange.Matching.Blocking;

/// <summary>
/// A blocking rule: records that share one of its keys become candidate pairs. A record has at most
/// <see cref="MaxKeys"/> keys per rule (e.g. two ID numbers); 0 means "no key".
/// </summary>
public abstract class BlockingRule
{
    public const int MaxKeys = 2;

    public abstract string Name { get; }

    /// <summary>Writes the record's keys (non-zero hashes) and returns how many there are.</summary>
    public abstract int Keys(RecordFeatures record, Span<ulong> keys);

    protected static ulong NonZero(ulong hash) => hash == 0 ? 1 : hash;

    protected static int Year(RecordFeatures record) => (record.Birth != 0 ? record.Birth : record.IdBirth) / 10000;

    protected static int Date(RecordFeatures record) => record.Birth != 0 ? record.Birth : record.IdBirth;
}
