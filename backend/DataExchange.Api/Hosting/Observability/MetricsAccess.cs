using System.Net;

namespace DataExchange.Api.Hosting.Observability;

/// <summary>
/// Who may scrape <c>/metrics</c>: loopback (and an in-process test server, which has no remote address), plus the
/// networks listed in <c>Metrics:AllowedNetworks</c> (CIDR, e.g. <c>10.0.5.0/24</c>), typically the Prometheus
/// servers'. Forwarded headers are not trusted: it is the connection's address that counts. The figures hold no
/// personal data, but they tell an outsider how busy the hub is and which agencies send.
/// </summary>
public sealed class MetricsAccess(IReadOnlyList<IPNetwork> networks)
{
    public const string Path = "/metrics";

    public static MetricsAccess From(IConfiguration configuration)
    {
        var configured = configuration.GetSection("Metrics:AllowedNetworks").Get<string[]>() ?? [];
        var networks = new List<IPNetwork>();
        foreach (var value in configured.Where(value => !string.IsNullOrWhiteSpace(value)))
        {
            networks.Add(IPNetwork.TryParse(value.Trim(), out var network)
                ? network
                : throw new InvalidOperationException($"Metrics:AllowedNetworks '{value}' is not a network: write it as an address and prefix length, e.g. 10.0.5.0/24."));
        }

        return new MetricsAccess(networks);
    }

    public bool Allows(IPAddress? address)
    {
        if (address is null || IPAddress.IsLoopback(address))
        {
            return true;
        }

        var normalised = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return networks.Any(network => network.Contains(normalised));
    }
}
