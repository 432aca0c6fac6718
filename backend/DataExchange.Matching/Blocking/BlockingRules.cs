using DataExchange.Matching.Features;

namespace DataExchange.Matching.Blocking;

/// <summary>The default blocking rules, each aimed at the errors the others miss.</summary>
public static class BlockingRules
{
    public static IReadOnlyList<BlockingRule> Default { get; } =
    [
        new SameIdNumber(),
        new SamePinyinAndBirthParts(),
        new SameBirthDateAndGivenSyllable(),
        new SameGuardianPhone(),
        new SamePinyinAndVillage(),
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

    /// <summary>
    /// Name pinyin with two of the three birth-date parts: year and month (a day typed wrong or a day off),
    /// and month and day in either order (a year typed wrong, day and month swapped). Catches ID typos,
    /// missing IDs, homophones, traditional and romanised names. Year alone would make blocks of every
    /// 张子轩 born in 2015 at a million children.
    /// </summary>
    private sealed class SamePinyinAndBirthParts : BlockingRule
    {
        public override string Name => "same name pinyin and two birth-date parts";

        public override int Keys(RecordFeatures record, Span<ulong> keys)
        {
            var date = Date(record);
            if (record.Name.IsEmpty || date == 0)
            {
                return 0;
            }

            int month = date / 100 % 100, day = date % 100;
            // Fuzzy pinyin: near-homophones (诗/思) share the block; the comparison tells them apart.
            var name = record.Name.FuzzyPinyinHash;
            keys[0] = NonZero(StableHash.Mix(name, (ulong)(date / 100)));
            // The decade (201x) keeps the key tight at a million children; a typo in the year's last digit stays inside it.
            var decade = (ulong)(date / 100000);
            keys[1] = NonZero(StableHash.Mix(name, decade * 1_000_000UL + (ulong)(Math.Min(month, day) * 100 + Math.Max(month, day))));
            return 2;
        }
    }

    /// <summary>
    /// Birth date, surname and one given-name syllable (the first or the last): catches a given-name
    /// character missing or mistyped. Without the surname a common syllable (子, 涵) makes blocks of
    /// hundreds per birth date at a million children.
    /// </summary>
    private sealed class SameBirthDateAndGivenSyllable : BlockingRule
    {
        public override string Name => "same birth date, surname and a given-name syllable";

        public override int Keys(RecordFeatures record, Span<ulong> keys)
        {
            var syllables = record.Name.Syllables;
            var date = Date(record);
            if (syllables.Length < 2 || date == 0)
            {
                return 0;
            }

            var prefix = StableHash.Mix((ulong)date * 7919UL, syllables[0] + 11UL);
            keys[0] = NonZero(StableHash.Mix(prefix, syllables[1] + 3UL));
            if (syllables.Length > 2 && syllables[^1] != syllables[1])
            {
                keys[1] = NonZero(StableHash.Mix(prefix, syllables[^1] + 3UL));
                return 2;
            }

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

    /// <summary>Name pinyin and village (or town): catches records with neither an ID nor a birth date.</summary>
    private sealed class SamePinyinAndVillage : BlockingRule
    {
        public override string Name => "same name pinyin and village";

        public override int Keys(RecordFeatures record, Span<ulong> keys)
        {
            var place = record.Address.VillageHash != 0 ? record.Address.VillageHash : record.Address.TownHash;
            if (record.Name.IsEmpty || place == 0)
            {
                return 0;
            }

            keys[0] = NonZero(StableHash.Mix(record.Name.FuzzyPinyinHash, (ulong)(uint)place));
            return 1;
        }
    }
}
