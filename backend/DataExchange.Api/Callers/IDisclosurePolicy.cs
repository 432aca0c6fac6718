using DataExchange.Domain.Access;
using DataExchange.Domain.Agencies;
using DataExchange.Reconciliation.Children;
using Grpc.Core;

namespace DataExchange.Api.Callers;

/// <summary>
/// What the caller may see of other agencies' data in this call: its field groups for the purpose it reads for,
/// and whether ID numbers may be shown in full. The one place the child directory and the change feed ask;
/// identity's grant evaluator answers it once it lands.
/// </summary>
public interface IDisclosurePolicy
{
    /// <summary>The grant for reading <paramref name="child"/>'s records for a purpose (each record judged on its own: agency, region, category).</summary>
    Task<DisclosureGrant> ForAsync(ServerCallContext context, Agency caller, ChildView child, bool revealIds, Purpose? purpose);

    /// <summary>The grant for search results, which show golden identity columns only.</summary>
    Task<DisclosureGrant> ForSearchAsync(ServerCallContext context, Agency caller);
}

/// <summary>
/// Development hosts, before grants exist: every field group, ID numbers in full only when asked for.
/// Outside Development the caller context has already refused the call.
/// </summary>
public sealed class DevelopmentDisclosurePolicy : IDisclosurePolicy
{
    public Task<DisclosureGrant> ForAsync(ServerCallContext context, Agency caller, ChildView child, bool revealIds, Purpose? purpose) =>
        Task.FromResult(DisclosureGrant.Full(caller, revealIds));

    public Task<DisclosureGrant> ForSearchAsync(ServerCallContext context, Agency caller) =>
        Task.FromResult(DisclosureGrant.Full(caller, revealIds: false));
}
