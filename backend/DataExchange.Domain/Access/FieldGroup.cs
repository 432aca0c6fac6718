namespace DataExchange.Domain.Access;

/// <summary>The groups of exchange-format columns a grant discloses; see <see cref="FieldGroups"/> for the columns of each.</summary>
public enum FieldGroup
{
    Identity = 1,
    Contact = 2,
    Education = 3,
    Health = 4,
    Disability = 5,
    Welfare = 6,
}
