using DataExchange.Domain.Identifiers;
using DataExchange.Matching.Features;

namespace DataExchange.Matching.Blocking;

/// <summary>
/// Bounds a block without skipping it. A block larger than the bound (every 张子轩 born in March 2015 at ten million
/// children, a welfare home's phone) is split by one more field of the record, then by the next, until every part is
/// within the bound; a part whose records agree on every field is compared whole. Skipping the block instead would
/// silently lose its true pairs; splitting loses only a pair that disagrees on the splitting field, and
/// <c>dx link --truth</c> counts those (pairs lost to the bound).
/// The fields go from the one clerks get wrong least to the one families change most.
/// </summary>
public static class SubBlocking
{
    /// <summary>The default bound: at most this many records are compared with each other in one block.</summary>
    public const int DefaultMaxBlockSize = 50;

    /// <summary>The splitting fields in order; <see cref="Refine"/>'s level indexes this.</summary>
    public static IReadOnlyList<string> Fields { get; } = ["sex", "birth date", "name pinyin", "city", "village or town"];

    public static int Levels => Fields.Count;

    /// <summary>The key of <paramref name="record"/>'s part of block <paramref name="key"/> after splitting at <paramref name="level"/>.</summary>
    public static ulong Refine(ulong key, RecordFeatures record, int level)
    {
        var hash = StableHash.Mix(key, 0xA24BAED4963EE407UL * (ulong)(level + 1));
        hash = StableHash.Mix(hash, Field(record, level));
        return hash == 0 ? 1 : hash;
    }

    private static ulong Field(RecordFeatures record, int level) => level switch
    {
        0 => (ulong)(record.Sex != Sex.Unknown ? record.Sex : record.IdSex),
        1 => (ulong)(record.Birth != 0 ? record.Birth : record.IdBirth),
        2 => record.Name.PinyinKeyHash,
        3 => (ulong)(record.Region / 100),
        4 => (ulong)(uint)(record.Address.VillageHash != 0 ? record.Address.VillageHash : record.Address.TownHash),
        _ => throw new ArgumentOutOfRangeException(nameof(level)),
    };
}
