using DataExchange.Domain.Identifiers;
using DataExchange.Matching.Features;

namespace DataExchange.Matching.Comparisons;

/// <summary>Stated sex: agree or not. Clerks get it wrong now and then, so "else" is evidence, not a veto.</summary>
public sealed class SexComparison : IComparison
{
    public const int Null = 0, Exact = 1, Else = 2;

    public string Name => "sex";

    public IReadOnlyList<string> Levels { get; } = ["null", "exact", "else"];

    public int Compare(RecordFeatures a, RecordFeatures b) =>
        a.Sex == Sex.Unknown || b.Sex == Sex.Unknown ? Null : a.Sex == b.Sex ? Exact : Else;
}
