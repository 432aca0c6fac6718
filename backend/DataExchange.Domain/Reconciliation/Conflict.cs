namespace DataExchange.Domain.Reconciliation;

/// <summary>What kind of disagreement a conflict is.</summary>
public enum ConflictKind
{
    /// <summary>The authoritative agency and another source disagree on an identity field.</summary>
    AuthorityDisagreement = 1,

    /// <summary>The birth date embedded in a record's ID number contradicts the record's stated birth date.</summary>
    IdBirthDateMismatch = 2,

    /// <summary>The sex encoded in a record's ID number contradicts the record's stated sex.</summary>
    IdSexMismatch = 3,

    /// <summary>The ID inside a disability certificate number differs from the record's ID number.</summary>
    CertificateIdMismatch = 4,

    /// <summary>The ID inside a student number (G + ID) differs from the record's ID number.</summary>
    StudentNumberIdMismatch = 5,
}

/// <summary>
/// A disagreement for a steward: the field, and each source's value. <see cref="Key"/> identifies the
/// conflict across re-evaluations so that it is raised once and stays resolved.
/// </summary>
public sealed record Conflict(ConflictKind Kind, string Field, IReadOnlyList<ConflictingValue> Values)
{
    /// <summary>Stable identity: kind, field and the records involved (not their values).</summary>
    public string Key => $"{Kind}:{Field}:{string.Join(",", Values.Select(value => value.Record.ToString()).Order(StringComparer.Ordinal))}";

    /// <summary>True for an inconsistency inside one record (as opposed to between agencies).</summary>
    public bool IsInternal => Kind != ConflictKind.AuthorityDisagreement;
}

/// <summary>One source's side of a conflict.</summary>
public sealed record ConflictingValue(RecordRef Record, int Version, string Value);
