using DataExchange.Domain.Agencies;
using Grpc.Core;

namespace DataExchange.Api.Callers;

/// <summary>
/// Until the authorization server lands, Development hosts read the agency from the <c>x-dx-agency</c>
/// header (an agency code such as <c>education</c>). Outside Development every call is refused:
/// an unauthenticated fallback must never reach production.
/// </summary>
public sealed class DevelopmentCallerContext(IHostEnvironment environment) : ICallerContext
{
    public const string AgencyHeader = "x-dx-agency";

    public Agency RequireAgency(ServerCallContext context)
    {
        if (!environment.IsDevelopment())
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "This host accepts no unauthenticated calls."));
        }

        var code = context.RequestHeaders.GetValue(AgencyHeader);
        return AgencyCodes.TryParse(code, out var agency)
            ? agency
            : throw new RpcException(new Status(StatusCode.Unauthenticated,
                $"Development host: send the header {AgencyHeader} with one of {string.Join(", ", AgencyCodes.All.Select(a => a.ToCode()))}."));
    }
}
