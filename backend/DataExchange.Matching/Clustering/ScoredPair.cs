namespace DataExchange.Matching.Clustering;

/// <summary>A candidate pair worth keeping (at or above the review threshold): record indices and match weight.</summary>
public readonly record struct ScoredPair(int A, int B, float Score);
