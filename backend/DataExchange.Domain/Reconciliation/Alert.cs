using DataExchange.Domain.Agencies;

namespace DataExchange.Domain.Reconciliation;

/// <summary>The discovery rules (部门信息比对, 主动发现) that open alerts.</summary>
public enum AlertRule
{
    /// <summary>A registered vulnerable child marked dropped_out by education (控辍保学).</summary>
    VulnerableChildDroppedOut = 1,

    /// <summary>A disability-certificate holder under 18 unknown to civil affairs: possibly a child in difficulty.</summary>
    DisabledChildUnknownToCivilAffairs = 2,

    /// <summary>A child of compulsory-school age (6-15) in the household register but in no school record.</summary>
    PossiblyOutOfSchool = 3,

    /// <summary>A vulnerable child whose last home visit is older than the visit duty of their situation allows.</summary>
    VisitOverdue = 4,

    /// <summary>A record whose identifiers contradict each other.</summary>
    IdentityInconsistency = 5,
}

/// <summary>
/// An alert the rules raise for one agency about one child. <see cref="Key"/> makes re-evaluation idempotent:
/// the same rule, agency and subject never open a second alert while one is open. <see cref="Facts"/> are what
/// the rule found; the text is rendered from them when the alert is read (<see cref="AlertTexts.AlertText"/>).
/// </summary>
public sealed record AlertFinding(AlertRule Rule, Agency Agency, string Subject, AlertFacts Facts)
{
    public string Key => $"{Rule}:{Agency.ToCode()}:{Subject}";
}
