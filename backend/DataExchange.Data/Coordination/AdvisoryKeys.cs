namespace DataExchange.Data.Coordination;

/// <summary>
/// PostgreSQL advisory-lock keys of the hub (one 64-bit key space per database). Fixed values: every host of every
/// version must agree on them. "DXLINK" in ASCII, then a role byte.
/// </summary>
internal static class AdvisoryKeys
{
    /// <summary>Held by every unit of work that changes links, for its transaction.</summary>
    public const long LinkWriter = 0x44584C494E4B01;

    /// <summary>Held for as long as a host runs the background linker, on a connection of its own.</summary>
    public const long LinkerLease = 0x44584C494E4B02;
}
