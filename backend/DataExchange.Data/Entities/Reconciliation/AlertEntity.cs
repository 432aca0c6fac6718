namespace DataExchange.Data.Entities.Reconciliation;

/// <summary>A discovery alert for the agency that must act; one open alert per rule, agency and subject.</summary>
public class AlertEntity
{
    public long Id { get; set; }
    public long ChildId { get; set; }
    public required string Key { get; set; }
    public required string Rule { get; set; }
    public required string Agency { get; set; }

    /// <summary>Text stored by alerts opened before their facts were kept; shown (masked) when Facts is empty.</summary>
    public string Message { get; set; } = "";

    /// <summary>
    /// What the rule found, as JSON field/value pairs (AlertFacts): the text is rendered from it at read time, in the
    /// reader's language. Never holds an ID-bearing value.
    /// </summary>
    public string Facts { get; set; } = "";

    /// <summary>open, acknowledged or closed.</summary>
    public string Status { get; set; } = "open";
    public int Version { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}
