using DataExchange.Matching.Features;

namespace DataExchange.Matching.Blocking;

/// <summary>The default blocking rules, each aimed at the errors the others miss.</summary>
public static class BlockingRules
{
    public static IReadOnlyList<BlockingRule> Default { get; } =
    [
        new SameIdNumber(),
        new SamePinyinAndBirthYear(),
        new SameBirthDateAndSurname(),
        new SameBirthDateAndGivenName(),
        new SameGuardianPhone(),
    ];

    /// <summary>Any ID the record carries (id_number, student number, certificate): catches name and date typos.</summary>
    private sealed class SameIdNumber : BlockingRule
    {
        public override string Name => "same ID number";

        public override int Keys(RecordFeatures record, Span<ulong> keys)
        {
            var count = 0;
            for (var i = 0; i < record.Ids.Length && count < MaxKeys; i++)
            {
                keys[count++] = NonZero(StableHash.Of(record.Ids[i]));
            }

            return count;
        }
    }

    /// <summary>Name pinyin and birth year: catches ID typos, missing IDs, homophones, traditional and romanised names.</summary>
    private sealed class SamePinyinAndBirthYear : BlockingRule
    {
        public override string Name => "same name pinyin and birth year";

        public override int Keys(RecordFeatures record, Span<ulong> keys)
        {
            if (record.Name.IsEmpty || Year(record) == 0)
            {
                return 0;
            }

            keys[0] = NonZero(StableHash.Mix(StableHash.Of(record.Name.Pinyin), (ulong)Year(record)));
            return 1;
        }
    }

    /// <summary>Birth date and surname syllable: catches a given-name character missing or mistyped.</summary>
    private sealed class SameBirthDateAndSurname : BlockingRule
    {
        public override string Name => "same birth date and surname";

        public override int Keys(RecordFeatures record, Span<ulong> keys)
        {
            if (record.Name.Syllables.Length == 0 || Date(record) == 0)
            {
                return 0;
            }

            keys[0] = NonZero(StableHash.Mix((ulong)Date(record) * 1000003UL, record.Name.Syllables[0] + 7UL));
            return 1;
        }
    }

    /// <summary>Birth date and given-name syllables: catches a changed or mistyped surname.</summary>
    private sealed class SameBirthDateAndGivenName : BlockingRule
    {
        public override string Name => "same birth date and given name";

        public override int Keys(RecordFeatures record, Span<ulong> keys)
        {
            var syllables = record.Name.Syllables;
            if (syllables.Length < 2 || Date(record) == 0)
            {
                return 0;
            }

            var hash = (ulong)Date(record) * 7919UL;
            for (var i = 1; i < syllables.Length; i++)
            {
                hash = StableHash.Mix(hash, syllables[i] + 3UL);
            }

            keys[0] = NonZero(hash);
            return 1;
        }
    }

    /// <summary>Guardian phone: catches a renamed child or a badly typed date when no ID is shared.</summary>
    private sealed class SameGuardianPhone : BlockingRule
    {
        public override string Name => "same guardian phone";

        public override int Keys(RecordFeatures record, Span<ulong> keys)
        {
            if (record.Phones.Length == 0)
            {
                return 0;
            }

            keys[0] = NonZero(StableHash.Mix(0x9E3779B97F4A7C15UL, (ulong)record.Phones[0]));
            return 1;
        }
    }
}
