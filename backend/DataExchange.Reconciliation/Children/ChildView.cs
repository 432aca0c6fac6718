using DataExchange.Domain.Reconciliation.AlertTexts;

namespace DataExchange.Reconciliation.Children;

/// <summary>One child as a reader sees it: golden record with provenance, the linked records, open items and history.</summary>
public sealed record ChildView(
    string PublicId,
    int Version,
    bool Active,
    string? MergedInto,
    IReadOnlyDictionary<string, StoredGoldenValue> Golden,
    IReadOnlyList<RecordView> Records,
    IReadOnlyList<ConflictView> Conflicts,
    IReadOnlyList<AlertView> Alerts,
    IReadOnlyList<HistoryEntry> History)
{
    /// <summary>Steward corrections of the golden record, by field (they win over survivorship).</summary>
    public IReadOnlyDictionary<string, FieldOverride> Overrides { get; init; } = new Dictionary<string, FieldOverride>();

    /// <summary>For a merged-away child: the agencies holding a record of the child it was merged into.</summary>
    public IReadOnlySet<string> SurvivorHolders { get; init; } = new HashSet<string>();
}

/// <summary>One linked agency record: its normalised columns by exchange-format name.</summary>
public sealed record RecordView(string Agency, string SourceId, int Version, DateTime UpdatedAt, IReadOnlyDictionary<string, string> Values);

/// <summary>A conflict; <paramref name="Key"/> is its stored key (kind, field, records), empty for one found at read time.</summary>
public sealed record ConflictView(long Id, string Kind, string Field, string Status, int Version, IReadOnlyList<StoredConflictValue> Values, string Resolution, string Key = "");

/// <summary>
/// One alert: <see cref="Facts"/> as stored (JSON, see AlertFacts) and, for an alert stored before facts were kept,
/// its stored <see cref="Message"/>. <see cref="Text"/> renders what a reader is shown.
/// </summary>
public sealed record AlertView(long Id, string Rule, string Agency, string Status, int Version, string Message, DateTime CreatedAt, string Facts = "")
{
    public string Text(AlertLanguage language) => AlertText.Render(Rule, Facts, Message, language);
}

/// <summary>One change-feed event of the child; <paramref name="Agencies"/> says whose records it changed (see ChildHoldings).</summary>
public sealed record HistoryEntry(long Sequence, string Kind, string Detail, DateTime At, string Agencies = ",");

/// <summary>A search hit.</summary>
public sealed record ChildSummary(string PublicId, string Name, string BirthDate, string RegionCode, string Category, string IdNumber, int RecordCount);

/// <summary>What SearchChildren filters on; empty means "any".</summary>
public sealed record ChildSearch(string Name = "", string IdNumber = "", string BirthDate = "", string RegionCode = "", string Category = "", int PageSize = 20, int Page = 0);
