using System.Security.Cryptography;
using System.Text;
using DataExchange.Data;
using DataExchange.Data.Entities.Reconciliation;
using DataExchange.Domain.Agencies;
using DataExchange.Domain.Reconciliation;

namespace DataExchange.Reconciliation.Children;

/// <summary>
/// Keeps <see cref="ChildHoldingEntity"/> rows in step with a child's records: per agency holding a live record of
/// the child, what survivorship picks from that agency's records alone. Whatever another agency's records say never
/// reaches an agency's row, so a search over the rows (and the change feed, which follows their digests) answers
/// exactly as a search of the caller's own data would.
/// </summary>
public static class ChildHoldings
{
    // The golden fields a holding row keeps. Survivorship chooses every field on its own, so building only these gives
    // the same values as building the whole record (26 fields) and reading five; it was most of this class's time.
    private static readonly IReadOnlyList<GoldenField> HeldFields =
        [.. SurvivorshipRules.Default.Where(field => field.Name is "name" or "id_number" or "birth_date" or "region_code" or "category")];

    /// <summary>The rows the child's records give, by agency code.</summary>
    public static Dictionary<string, ChildHoldingEntity> Of(long childId, IReadOnlyList<LinkedRecord> linked)
    {
        var rows = new Dictionary<string, ChildHoldingEntity>(StringComparer.Ordinal);
        foreach (var own in linked.GroupBy(record => record.Agency))
        {
            var records = own.ToList();
            var golden = Survivorship.Build(records, HeldFields);
            var name = golden.Value("name");
            rows[own.Key.ToCode()] = new ChildHoldingEntity
            {
                ChildId = childId,
                Agency = own.Key.ToCode(),
                Name = name,
                NamePinyin = NamePinyin.Of(name),
                IdNumber = golden.Value("id_number"),
                BirthDate = golden.Value("birth_date"),
                RegionCode = golden.Value("region_code"),
                Category = golden.Value("category"),
                RecordCount = records.Count,
                RecordsDigest = Digest(records),
            };
        }

        return rows;
    }

    /// <summary>
    /// Writes the child's rows (added, updated, removed) and answers which agencies' own records of the child changed,
    /// each with the kind of change as that agency sees it, in the change feed's form (",education=linked,").
    /// </summary>
    /// <param name="stewardKind">merged or split when a steward's decision moved the records; otherwise null.</param>
    public static string Sync(ExchangeDbContext db, long childId, IReadOnlyList<LinkedRecord> linked, IEnumerable<ChildHoldingEntity> stored, string? stewardKind) =>
        Sync(childId, linked, stored, stewardKind, added => db.ChildHoldings.Add(added), removed => db.ChildHoldings.Remove(removed));

    /// <summary>
    /// <see cref="Sync(ExchangeDbContext, long, IReadOnlyList{LinkedRecord}, IEnumerable{ChildHoldingEntity}, string?)"/>
    /// handing new and removed rows to the caller (a unit of work that writes them in bulk); stored rows are updated in place.
    /// </summary>
    public static string Sync(long childId, IReadOnlyList<LinkedRecord> linked, IEnumerable<ChildHoldingEntity> stored, string? stewardKind,
        Action<ChildHoldingEntity> add, Action<ChildHoldingEntity> remove)
    {
        var now = Of(childId, linked);
        var told = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var before in stored)
        {
            if (!now.Remove(before.Agency, out var after))
            {
                remove(before);
                told[before.Agency] = stewardKind ?? "removed";
                continue;
            }

            if (before.RecordsDigest != after.RecordsDigest)
            {
                told[before.Agency] = stewardKind ?? (after.RecordCount > before.RecordCount ? "linked" : "changed");
            }

            // Values can move without the digest (a re-normalisation), so every column is copied, not only on a change.
            before.Name = after.Name;
            before.NamePinyin = after.NamePinyin;
            before.IdNumber = after.IdNumber;
            before.BirthDate = after.BirthDate;
            before.RegionCode = after.RegionCode;
            before.Category = after.Category;
            before.RecordCount = after.RecordCount;
            before.RecordsDigest = after.RecordsDigest;
        }

        foreach (var (agency, added) in now)
        {
            add(added);
            // A child that is new to this agency is "created" from its point of view, whoever held it before.
            told[agency] = stewardKind ?? "created";
        }

        return Format(told);
    }

    /// <summary>The change feed's agency list: ",agency=kind," per agency told, "," for none.</summary>
    public static string Format(IReadOnlyDictionary<string, string> told) =>
        "," + string.Concat(told.Select(pair => pair.Key + "=" + pair.Value + ","));

    /// <summary>
    /// The kind of an event as one agency sees it, or null when the event is not that agency's to see. Events written
    /// before per-agency kinds (",education,health,") named every holder whatever caused them: they are no agency's.
    /// </summary>
    public static string? KindFor(string agencies, string agency)
    {
        var marker = "," + agency + "=";
        var at = agencies.IndexOf(marker, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var start = at + marker.Length;
        return agencies[start..agencies.IndexOf(',', start)];
    }

    /// <summary>What a query matches to find the events of one agency (see <see cref="KindFor"/>).</summary>
    public static string Marker(string agency) => "," + agency + "=";

    private static string Digest(IEnumerable<LinkedRecord> records)
    {
        var keys = string.Join('\n', records.Select(record => record.SourceId + "\t" + record.Version).Order(StringComparer.Ordinal));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(keys)))[..32];
    }
}
