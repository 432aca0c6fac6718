using DataExchange.Domain.Agencies;
using Grpc.Core;

namespace DataExchange.Cli.Import;

/// <summary>How a call says which agency is calling; the one place a client-credentials token will plug in.</summary>
public interface IAgencyCallIdentity
{
    ValueTask<Metadata> HeadersForAsync(Agency agency, CancellationToken cancellationToken);

    /// <summary>Why this identity cannot send <paramref name="agency"/>'s records (it acts for another agency), or null.</summary>
    ValueTask<string?> RefusalForAsync(Agency agency, CancellationToken cancellationToken) => ValueTask.FromResult<string?>(null);
}

/// <summary>
/// Until identity lands: a Development host takes the agency from the <c>x-dx-agency</c> header
/// (see DataExchange.Api's DevelopmentCallerContext). Any other host refuses such calls.
/// </summary>
public sealed class DevelopmentAgencyHeader : IAgencyCallIdentity
{
    public const string Header = "x-dx-agency";

    public ValueTask<Metadata> HeadersForAsync(Agency agency, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new Metadata { { Header, agency.ToCode() } });
}
