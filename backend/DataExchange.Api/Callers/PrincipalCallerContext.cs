using DataExchange.Api.Access;
using DataExchange.Api.Auditing;
using DataExchange.Domain.Agencies;
using Grpc.Core;

namespace DataExchange.Api.Callers;

/// <summary>The caller the access interceptor established from the access token: a client bound to one agency, or a person of one agency.</summary>
public sealed class PrincipalCallerContext : ICallerContext
{
    public Agency RequireAgency(ServerCallContext context) => RequireCaller(context).Agency;

    public CallerPrincipal RequireCaller(ServerCallContext context) =>
        CallAudit.Of(context).Caller ?? throw new RpcException(new Status(StatusCode.Unauthenticated, "A valid bearer access token is required."));
}
