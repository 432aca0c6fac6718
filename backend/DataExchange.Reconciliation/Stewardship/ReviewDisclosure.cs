using DataExchange.Domain.Access;
using DataExchange.Domain.Identifiers;

namespace DataExchange.Reconciliation.Stewardship;

/// <summary>
/// What a review candidate shows a steward: both records' identity and contact columns (what the matcher compared),
/// ID numbers masked with the positions where the two differ shown (a mistyped or swapped digit, see
/// IdComparisonMask), in full only on an explicit reveal, which the host audits.
/// </summary>
public static class ReviewDisclosure
{
    public static ReviewItem Show(ReviewItem item, bool revealIds) => revealIds ? item : item with
    {
        A = Masked(item.A, item.B),
        B = Masked(item.B, item.A),
    };

    private static ReviewSide Masked(ReviewSide side, ReviewSide other) => side with
    {
        Values = side.Values.ToDictionary(
            pair => pair.Key,
            pair => FieldGroups.IdBearingColumns.Contains(pair.Key) && pair.Value.Length > 0
                ? IdComparisonMask.Mask(pair.Value, other.Values.GetValueOrDefault(pair.Key))
                : pair.Value,
            StringComparer.Ordinal),
    };
}
