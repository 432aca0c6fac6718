namespace DataExchange.Data.Audit;

/// <summary>What one call did, before it is sequenced and hashed into the chain.</summary>
public sealed record AuditDraft
{
    public required string PrincipalKind { get; init; }
    public string Principal { get; init; } = "";
    public string Agency { get; init; } = "";
    public required string Rpc { get; init; }
    public string Purpose { get; init; } = "";
    public string PurposeReference { get; init; } = "";
    public string Grants { get; init; } = "";
    public string Children { get; init; } = "";
    public string FieldGroups { get; init; } = "";
    public required string Outcome { get; init; }
    public string Detail { get; init; } = "";
}

/// <summary>Appends to the audit chain. The host fails a call closed (Unavailable) when this throws.</summary>
public interface IAuditSink
{
    Task<long> AppendAsync(AuditDraft draft, CancellationToken cancellationToken);
}
