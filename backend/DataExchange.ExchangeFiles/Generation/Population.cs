using DataExchange.Domain.Identifiers;

namespace DataExchange.ExchangeFiles.Generation;

/// <summary>A parent as the household register knows them.</summary>
public sealed record Parent(string Name, string IdNumber);

/// <summary>Where a family lives: a county and the address below it.</summary>
public sealed record Residence(Region Region, string Local)
{
    public string Address(AddressForm form) => form switch
    {
        AddressForm.Full => Region.Full + Local,
        AddressForm.WithoutProvince => Region.WithoutProvince + Local,
        _ => Region.County + Local,
    };
}

public enum AddressForm
{
    Full,
    WithoutProvince,
    CountyOnly,
}

/// <summary>How a civil affairs file sees a family (民政 categories; see DOMAIN.md "The children").</summary>
public enum ParentsStatus
{
    AtHome,
    BothAway,
    OneAwayOtherIncapable,
    Deceased,
}

/// <summary>
/// A household: parents, the place it is registered (户籍) and, for a family that moved, the place it lives now.
/// Agencies that meet the family where it lives (schools, clinics) see the new place, the register the old one.
/// </summary>
public sealed class Family
{
    public required Parent Father { get; init; }
    public required Parent Mother { get; init; }
    public required string Surname { get; init; }
    public required bool Uyghur { get; init; }
    public required Residence Registered { get; init; }
    public Residence? MovedTo { get; init; }
    public required string HouseholdNo { get; init; }
    public required string Phone { get; init; }
    public required ParentsStatus ParentsStatus { get; init; }
    public required bool InDifficulty { get; init; }
    public required bool DeFactoUnsupported { get; init; }
    public required string GrandparentName { get; init; }
    public required string RelativeName { get; init; }
    public List<Child> Children { get; } = new(3);

    public Residence Current => MovedTo ?? Registered;
}

/// <summary>One child: the truth every agency record of them is a (possibly garbled) copy of.</summary>
public sealed class Child
{
    public required int PersonNumber { get; init; }
    public required Family Family { get; init; }
    public required string Surname { get; init; }
    public required string Given { get; init; }
    public required Sex Sex { get; init; }
    public required DateOnly BirthDate { get; init; }

    /// <summary>Null for a child with no household registration (无户籍): no ID number anywhere.</summary>
    public string? IdNumber { get; init; }

    /// <summary>The name before a renaming, kept by one register; null when never renamed.</summary>
    public string? OldGiven { get; init; }

    public bool IsTwin { get; init; }
    public int DisabilityCategory { get; init; }
    public int DisabilityLevel { get; init; }

    public string PersonId => $"P{PersonNumber:D7}";

    /// <summary>Han names run together (张子轩); Uyghur-style names put the father's name after a middle dot.</summary>
    public string Name => Family.Uyghur ? Given + "·" + Surname : Surname + Given;

    public string NameWithGiven(string given) => Family.Uyghur ? given + "·" + Surname : Surname + given;

    public int AgeOn(DateOnly day) =>
        day.Year - BirthDate.Year - (day.Month * 100 + day.Day < BirthDate.Month * 100 + BirthDate.Day ? 1 : 0);

    public IEnumerable<Child> Siblings => Family.Children.Where(other => other != this);
}
