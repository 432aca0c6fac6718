using DataExchange.Matching.Calibration;

namespace DataExchange.Matching.Clustering;

/// <summary>
/// A pair a steward should look at: two records in different children, their match weight, the calibrated
/// probability that they are one child after all the evidence, and that evidence (why the engine did not link them).
/// </summary>
public readonly record struct ReviewPair(int A, int B, float Score, double Probability, PairEvidence Evidence);
