using DataExchange.Domain.Access;
using DataExchange.Domain.Agencies;
using DataExchange.Reconciliation.Children;
using Grpc.Core;

namespace DataExchange.Api.Callers;

/// <summary>
/// What the caller may see of other agencies' data in this call: its field groups for the purpose it reads for,
/// and whether ID numbers may be shown in full. The one place the child directory and the change feed ask;
/// GrantDisclosurePolicy answers it from the live grants.
/// </summary>
public interface IDisclosurePolicy
{
    /// <summary>The grant for reading <paramref name="child"/>'s records for a purpose (each record judged on its own: agency, region, category).</summary>
    Task<DisclosureGrant> ForAsync(ServerCallContext context, Agency caller, ChildView child, bool revealIds, Purpose? purpose);

    /// <summary>The grant for a search (no purpose, so no other agency's grant): the caller's own data, or a steward's.</summary>
    Task<DisclosureGrant> ForSearchAsync(ServerCallContext context, Agency caller);
}
