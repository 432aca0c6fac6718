namespace DataExchange.Data.Entities;

/// <summary>Binds one confidential OpenIddict client (an agency system) to exactly one agency.</summary>
public class AgencyClientEntity
{
    public required string ClientId { get; set; }

    /// <summary>The agency code; every token issued to this client carries it.</summary>
    public required string Agency { get; set; }
    public bool Disabled { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? SecretRotatedAt { get; set; }
}
