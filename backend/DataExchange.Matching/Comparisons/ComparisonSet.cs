namespace DataExchange.Matching.Comparisons;

/// <summary>The comparisons the engine uses, in the order of the comparison vector and the model file.</summary>
public static class ComparisonSet
{
    public static IReadOnlyList<IComparison> Default { get; } =
    [
        new IdNumberComparison(),
        new IdBirthComparison(),
        new NameComparison(),
        new BirthDateComparison(),
        new SexComparison(),
        new RegionComparison(),
        // Address and family are scored jointly (see HouseholdComparison); their parts are the building blocks.
        new HouseholdComparison(),
    ];

    /// <summary>Index of the name comparison, whose exact and pinyin levels are term-frequency adjusted.</summary>
    public const int NameIndex = 2;
}
