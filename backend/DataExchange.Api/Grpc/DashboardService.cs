using DataExchange.Api.Auditing;
using DataExchange.Api.Grpc.Errors;
using DataExchange.Api.Grpc.Mapping;
using DataExchange.Contracts.V1;
using DataExchange.Reconciliation.Reporting;
using Grpc.Core;
using Contract = DataExchange.Contracts.V1;

namespace DataExchange.Api.Grpc;

/// <summary>The dashboard (stewards and administrators, enforced by the access interceptor): counts only, so its audit entry names no child.</summary>
public sealed class DashboardService(DashboardReport dashboard) : Contract.Dashboard.DashboardBase
{
    public override async Task<GetDashboardResponse> GetDashboard(GetDashboardRequest request, ServerCallContext context)
    {
        var region = request.RegionCode.Trim();
        if (region.Length > 6 || !region.All(char.IsAsciiDigit))
        {
            throw RpcErrors.InvalidArgument("region_code", "must be a region code prefix of up to 6 digits");
        }

        var digits = request.RegionDigits == 0 ? 4 : request.RegionDigits;
        if (digits is not (2 or 4 or 6))
        {
            throw RpcErrors.InvalidArgument("region_digits", "must be 2, 4 or 6 (0 for 4)");
        }

        var days = request.Days == 0 ? 30 : request.Days;
        if (days is < 1 or > DashboardReport.MaxDays)
        {
            throw RpcErrors.InvalidArgument("days", $"must be 1 to {DashboardReport.MaxDays} (0 for 30)");
        }

        var figures = await dashboard.ComputeAsync(new DashboardQuery(region, digits, days), context.CancellationToken);
        CallAudit.Of(context).Detail = $"dashboard region '{region}' by {digits} digits, {days} days";
        return figures.ToContract();
    }
}
