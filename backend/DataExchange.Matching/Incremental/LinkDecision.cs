namespace DataExchange.Matching.Incremental;

/// <summary>What to do with one incoming record.</summary>
public enum DecisionKind
{
    /// <summary>Score reached the link threshold against a known child and nothing vetoes it.</summary>
    Link,

    /// <summary>Unsure: a steward decides between the record and the listed children.</summary>
    Review,

    /// <summary>No known child is close: the record starts a new child.</summary>
    NewChild,
}

/// <summary>The decision for one record; <see cref="Child"/> is the cluster linked to (Link) or the best candidate (Review).</summary>
public sealed record LinkDecision(DecisionKind Kind, int Child, double Score, IReadOnlyList<(int Child, double Score)> Candidates);
