using DataExchange.Domain.Agencies;
using DataExchange.Domain.Identifiers;

namespace DataExchange.Matching.Features;

/// <summary>
/// One record encoded once for comparison: everything the pair loop reads is here, pre-normalised, so
/// comparing two records allocates nothing and parses nothing.
/// </summary>
public sealed class RecordFeatures
{
    public required Agency Agency { get; init; }
    public required string SourceId { get; init; }

    /// <summary>Normalised ID numbers the record carries: <c>id_number</c> first, then one read out of a student or certificate number.</summary>
    public required string[] Ids { get; init; }

    /// <summary>Per entry of <see cref="Ids"/>: 18 characters with the right check character.</summary>
    public required bool[] IdValid { get; init; }

    /// <summary>The birth date embedded in the first readable ID (yyyymmdd), 0 when none.</summary>
    public int IdBirth { get; init; }

    public Sex IdSex { get; init; }

    /// <summary>Stated birth date as yyyymmdd, 0 when missing or unreadable.</summary>
    public int Birth { get; init; }

    /// <summary>Stated birth date as a day number, for "a day off".</summary>
    public int BirthDay { get; init; }

    public Sex Sex { get; init; }

    /// <summary>GB/T 2260 region as an integer, 0 when missing.</summary>
    public int Region { get; init; }

    public required NameFeatures Name { get; init; }

    /// <summary>Address from the town down (镇/乡/街道 onwards), so 四川省乐山市沐川县兴兴镇… and 沐川县兴兴镇… agree.</summary>
    public required AddressFeatures Address { get; init; }

    /// <summary>Hashes of the pinyin of guardian, father and mother names.</summary>
    public required long[] FamilyNames { get; init; }

    // At most one guardian phone, kept inline (an array per record cost 32 bytes at ten million children); -1: none.
    private readonly long phone = -1;

    /// <summary>Guardian phone numbers as integers (none or one).</summary>
    public required ReadOnlySpan<long> Phones
    {
        get => phone < 0 ? default : new ReadOnlySpan<long>(in phone);
        init => phone = value.Length switch
        {
            0 => -1,
            1 when value[0] >= 0 => value[0],
            _ => throw new ArgumentException("a record keeps at most one guardian phone, as a non-negative number", nameof(value)),
        };
    }

    /// <summary>Hashes of the parents' normalised ID numbers (only ever compared for equality).</summary>
    public required long[] ParentIds { get; init; }

    /// <summary>Relative frequency of this name's pinyin among the records the model was applied to (term frequency).</summary>
    public float NameFrequency { get; set; }

    public bool HasValidId => IdValid.Length > 0 && IdValid[0];
}
