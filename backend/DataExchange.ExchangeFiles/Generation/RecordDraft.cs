using DataExchange.Domain.Agencies;

namespace DataExchange.ExchangeFiles.Generation;

/// <summary>One agency record on its way to the file: the common columns, the agency's own, and what was garbled.</summary>
public sealed class RecordDraft(Agency agency, Child child)
{
    public Agency Agency { get; } = agency;
    public Child Child { get; } = child;
    public string IdNumber { get; set; } = "";
    public string Name { get; set; } = "";
    public string Sex { get; set; } = "";
    public string BirthDate { get; set; } = "";
    public string RegionCode { get; set; } = "";
    public string Address { get; set; } = "";

    /// <summary>The agency-specific columns in the spec's order.</summary>
    public string[] Extra { get; set; } = [];

    public List<ErrorKind> Errors { get; } = new(2);

    public bool Has(ErrorKind kind) => Errors.Contains(kind);
}
