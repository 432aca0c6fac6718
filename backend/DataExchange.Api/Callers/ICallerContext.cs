using DataExchange.Api.Access;
using DataExchange.Domain.Agencies;
using Grpc.Core;

namespace DataExchange.Api.Callers;

/// <summary>
/// Who is calling, as the host established it. The agency always comes from here, never from a record,
/// so an agency can only ever write its own records.
/// </summary>
public interface ICallerContext
{
    /// <summary>The calling agency; throws Unauthenticated when the call carries no agency identity.</summary>
    Agency RequireAgency(ServerCallContext context);

    /// <summary>The caller with its roles and scopes; throws Unauthenticated when there is none.</summary>
    CallerPrincipal RequireCaller(ServerCallContext context);
}
