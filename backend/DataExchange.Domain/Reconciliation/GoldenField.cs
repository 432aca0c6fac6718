using DataExchange.Domain.Access;
using DataExchange.Domain.Agencies;

namespace DataExchange.Domain.Reconciliation;

/// <summary>
/// One field of the golden record: the agencies' columns it is drawn from, and which agencies are
/// authoritative for it, most authoritative first.
/// </summary>
public sealed record GoldenField(string Name, FieldGroup Group, IReadOnlyList<Agency> Authorities, IReadOnlyList<FieldSource> Sources)
{
    /// <summary>The rank of an agency's authority for this field; lower is stronger, non-authorities rank last.</summary>
    public int AuthorityRank(Agency agency)
    {
        for (var i = 0; i < Authorities.Count; i++)
        {
            if (Authorities[i] == agency)
            {
                return i;
            }
        }

        return int.MaxValue;
    }
}

/// <summary>A column of one agency's records that feeds a golden field.</summary>
public sealed record FieldSource(Agency Agency, string Column);
