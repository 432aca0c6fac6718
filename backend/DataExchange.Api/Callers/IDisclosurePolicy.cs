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
    DisclosureGrant For(ServerCallContext context, Agency caller, bool revealIds);
}

/// <summary>
/// Development hosts, before grants exist: every field group, ID numbers in full only when asked for.
/// Outside Development the caller context has already refused the call.
/// </summary>
public sealed class DevelopmentDisclosurePolicy : IDisclosurePolicy
{
    public DisclosureGrant For(ServerCallContext context, Agency caller, bool revealIds) =>
        DisclosureGrant.Full(caller) with { RevealIds = revealIds };
}
